package io.deadwood.api.model;

/**
 * A network family, discovered through {@link java.util.ServiceLoader} like the pruning methods: a
 * plugin jar lists its class in {@code META-INF/services/io.deadwood.api.model.ModelProvider}. Model
 * files record the provider's id and width, so a plugin model is saved and reloaded like a built-in
 * one (with the plugin jar present).
 */
public interface ModelProvider {

    /** The name users type ({@code --model ID}); of the form {@code [a-z0-9-]+}. */
    String id();

    /** One line for {@code deadwood models}. */
    String description();

    /**
     * A fresh, uninitialised model named {@link #id()} for inputs of {@code inputShape} (per sample) and
     * {@code numClasses} outputs, its hidden widths scaled by {@code width} (1 is the family's own
     * size). Arguments are already checked: the width is positive and finite, the shape's sizes
     * positive, the classes at least one.
     *
     * @throws IllegalArgumentException when the family cannot take this input (say why)
     */
    Model create(int[] inputShape, int numClasses, double width);
}
