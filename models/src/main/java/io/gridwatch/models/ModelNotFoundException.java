package io.gridwatch.models;

/**
 * The requested model or version is not in the registry. Separate from {@link CorruptModelException}
 * because the remedy differs: register or deploy a model, rather than repair or delete a file.
 */
public class ModelNotFoundException extends ModelRegistryException {

  public ModelNotFoundException(String message) {
    super(message);
  }
}
