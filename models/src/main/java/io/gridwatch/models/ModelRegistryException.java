package io.gridwatch.models;

/** A model registry operation failed; the message names the model, version and path involved. */
public class ModelRegistryException extends RuntimeException {

  public ModelRegistryException(String message) {
    super(message);
  }

  public ModelRegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
