package dev.gatehouse.controller.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.view.ClusterView;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A translator that keeps the Ingresses' parts between translations gives, after any change, what a new translator gives
 * for the same view: the same snapshot and the same warnings (hence Events and statuses). Changes are random from a seed
 * printed first: {@code -Dincremental.seed=N} replays a run.
 */
class IncrementalTranslationTest {

    private static final int INGRESSES = 300;
    private static final int STEPS = 150;

    private static final TranslatorSettings SETTINGS = TranslatorSettings.defaults().withConfig(ChangingWorld.CONFIG);

    @Test
    void afterEveryRandomChangeOfAClusterTheKeptPartsTranslateAsANewTranslatorDoes() {
        keepsMatchingAFreshTranslation(true);
    }

    @Test
    void afterEveryRandomChangeOfManifestsWithoutVersionsTheKeptPartsTranslateAsANewTranslatorDoes() {
        keepsMatchingAFreshTranslation(false);
    }

    @Test
    void aChangedIngressIsTheOnlyOneReadAgain() {
        ChangingWorld world = new ChangingWorld(7, true, INGRESSES);
        IngressTranslator translator = new IngressTranslator(SETTINGS);
        translator.translate(world.view());
        int ours = translator.partsRead();

        world.isolate(3);
        Translation translation = translator.translate(world.view());

        assertThat(ours).isGreaterThan(INGRESSES / 2);
        assertThat(translator.partsRead()).isEqualTo(1);
        assertThat(translation).isEqualTo(new IngressTranslator(SETTINGS).translate(world.view()));
    }

    @Test
    void aChangedGlobalConfigMapReadsEveryIngressAgain() {
        ChangingWorld world = new ChangingWorld(11, true, INGRESSES);
        IngressTranslator translator = new IngressTranslator(SETTINGS);
        translator.translate(world.view());
        int ours = translator.partsRead();
        Translation before = translator.translate(world.view());
        int unchanged = translator.partsRead();

        world.changeConfig("2m");
        Translation translation = translator.translate(world.view());

        assertThat(unchanged).isZero();
        assertThat(translator.partsRead()).isEqualTo(ours);
        assertThat(translation).isEqualTo(new IngressTranslator(SETTINGS).translate(world.view()));
        assertThat(translation.snapshot()).isNotEqualTo(before.snapshot());
    }

    @Test
    void aChangedIngressClassReadsEveryIngressAgain() {
        ChangingWorld world = new ChangingWorld(13, true, INGRESSES);
        IngressTranslator translator = new IngressTranslator(SETTINGS);
        translator.translate(world.view());
        int ours = translator.partsRead();

        world.changeIngressClass(true);
        Translation translation = translator.translate(world.view());

        assertThat(translator.partsRead()).isEqualTo(ours);
        assertThat(translation).isEqualTo(new IngressTranslator(SETTINGS).translate(world.view()));
    }

    private static void keepsMatchingAFreshTranslation(boolean versioned) {
        long seed = Long.getLong("incremental.seed", new Random().nextLong());
        System.out.println(IncrementalTranslationTest.class.getSimpleName() + (versioned ? " (cluster)" : " (manifests)")
                + ": seed " + seed);
        ChangingWorld world = new ChangingWorld(seed, versioned, INGRESSES);
        IngressTranslator kept = new IngressTranslator(SETTINGS);
        int reused = 0;
        for (int step = 0; step <= STEPS; step++) {
            String change = step == 0 ? "the start" : world.change();
            ClusterView view = world.view();

            Translation incremental = kept.translate(view);
            Translation fresh = new IngressTranslator(SETTINGS).translate(view);

            String where = "seed " + seed + ", step " + step + " (" + change + ")";
            assertThat(incremental.snapshot()).as(where).isEqualTo(fresh.snapshot());
            assertThat(incremental.warnings()).as(where).isEqualTo(fresh.warnings());
            assertThat(incremental).as(where).isEqualTo(fresh);
            reused += step > 0 && kept.partsRead() < INGRESSES / 10 ? 1 : 0;
        }
        // the equality above must come from kept parts, not from reading everything again
        assertThat(reused).as("seed " + seed + ": steps that read under a tenth of the Ingresses again").isGreaterThan(STEPS / 2);
    }
}
