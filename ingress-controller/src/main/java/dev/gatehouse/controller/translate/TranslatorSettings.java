package dev.gatehouse.controller.translate;

/**
 * Which Ingresses are ours.
 *
 * @param ingressClass    the class name we answer to ({@code --ingress-class}, {@code gatehouse} by default)
 * @param controllerClass the {@code spec.controller} of IngressClasses that are ours
 *                        ({@code --controller-class}, {@code gatehouse.dev/ingress-controller} by default)
 */
public record TranslatorSettings(String ingressClass, String controllerClass) {

    public static final String DEFAULT_INGRESS_CLASS = "gatehouse";
    public static final String DEFAULT_CONTROLLER_CLASS = "gatehouse.dev/ingress-controller";

    public TranslatorSettings {
        if (ingressClass == null || ingressClass.isEmpty() || controllerClass == null || controllerClass.isEmpty()) {
            throw new IllegalArgumentException("the ingress class and the controller class must not be empty");
        }
    }

    public static TranslatorSettings defaults() {
        return new TranslatorSettings(DEFAULT_INGRESS_CLASS, DEFAULT_CONTROLLER_CLASS);
    }
}
