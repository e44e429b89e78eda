package io.gridwatch.models;

/** A model version exists but its {@code model.zip} or {@code model.json} cannot be read back. */
public class CorruptModelException extends ModelRegistryException {

  public CorruptModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
