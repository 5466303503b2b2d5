package dev.gatehouse.controller.kube;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/**
 * An informer handler that only says something changed: the reader then looks at the cache, not at the event. An update
 * of a Gateway API object's status alone (which the leader writes) is not a change ({@link StatusOnlyChange}).
 */
final class OnAnyChange<T> implements ResourceEventHandler<T> {

    private final Runnable onChange;

    OnAnyChange(Runnable onChange) {
        this.onChange = onChange;
    }

    @Override
    public void onAdd(T object) {
        onChange.run();
    }

    @Override
    public void onUpdate(T before, T after) {
        if (!StatusOnlyChange.of(before, after)) {
            onChange.run();
        }
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
        onChange.run();
    }
}
