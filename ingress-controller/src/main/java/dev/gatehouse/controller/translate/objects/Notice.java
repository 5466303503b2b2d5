package dev.gatehouse.controller.translate.objects;

/**
 * Something that went right after going wrong, told once: what a Kubernetes Event of type Normal on the object
 * says (a {@link Warning} is a state that stays while it holds; a notice is said once when it happens).
 *
 * @param object  the object the notice is about
 * @param reason  a short CamelCase reason, as in an Event ({@code DnsSyncRecovered})
 * @param message a sentence naming the object and what happened
 */
public record Notice(ObjectRef object, String reason, String message) {
}
