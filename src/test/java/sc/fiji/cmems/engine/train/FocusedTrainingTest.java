package sc.fiji.cmems.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.data.ImgSlices;

/** Two-stage training around the structures: the model it makes, its bundle, exact resume in either stage, a missed localisation. */
class FocusedTrainingTest {

	private static final TrainingInputs INPUTS = ToyData.inputs(4, 48, 6, 2);

	private static TrainingSettings settings() {
		final TrainingSettings s = TinyRuns.settings("cmems", 6);
		s.focus.enabled = true;
		s.focus.locateShare = 0.34; // 2 iterations locating, 4 segmenting
		s.validateEvery = 2;
		return s;
	}

	@Test
	void aTwoStageRunMakesATwoStageModelThatSegmentsImagesOfAnyShapeAfterAReload(@TempDir final Path dir) throws IOException {
		final List<String> messages = new ArrayList<>();
		final TrainingResult r = new Trainer(settings()).listener(new TrainingListener() {

			@Override
			public void message(final String text) {
				messages.add(text);
			}
		}).train(INPUTS);
		try (SegmentationModel m = r.model()) {
			assertEquals(6, r.iterationsDone());
			assertNotNull(m.localiser(), "the first stage is part of the model");
			assertNotNull(m.info().focus);
			assertNull(m.localiser().info().focus);
			assertTrue(messages.stream().anyMatch(t -> t.startsWith("Stage 2 of 2")), messages.toString());
			assertTrue(messages.stream().anyMatch(t -> t.startsWith("Boxes around the structures")), messages.toString());
			final Path file = dir.resolve("two-stage.cmems");
			ModelBundle.write(m, file);
			try (SegmentationModel again = ModelBundle.read(file, Device.cpu())) {
				assertNotNull(again.localiser());
				assertEquals(m.info().focus.margin, again.info().focus.margin, 0);
				for (final long[] dims : new long[][] { { 48, 48 }, { 70, 41 }, { 52, 60, 3 } }) {
					final ToyData.Sample sample = ToyData.sample(11, (int) dims[0], (int) dims[1]);
					final ImageInput image = dims.length == 2 ? ImageInput.of("image", sample.image)
						: ImageInput.of("stack", net.imglib2.view.Views.stack(sample.image, sample.image, sample.image));
					final ArrayImg<UnsignedShortType, ShortArray> a = new Segmenter(m, Ensemble.MEAN).segment(image.image());
					final ArrayImg<UnsignedShortType, ShortArray> b = new Segmenter(again, Ensemble.MEAN).segment(image.image());
					assertArrayEquals(dims, Intervals.dimensionsAsLongArray(a), "labels on the input's grid");
					for (int z = 0; z < ImgSlices.count(a); z++) {
						final int[] la = ImgSlices.readInts(a, z);
						assertArrayEquals(la, ImgSlices.readInts(b, z), "the reloaded model segments the same");
						for (final int v : la) assertTrue(v >= 0 && v < 4, "label " + v);
					}
				}
			}
		}
	}

	@Test
	void aRunStoppedInEitherStageResumesExactly(@TempDir final Path dir) throws IOException {
		final TrainingSettings s = settings();
		final List<byte[]> straight;
		final byte[] straightLocaliser;
		try (SegmentationModel m = new Trainer(s).train(INPUTS).model()) {
			straight = ModelBundle.networkBytes(m.networks());
			straightLocaliser = ModelBundle.networkBytes(m.localiser().networks()).get(0);
		}
		for (final int stopAfter : new int[] { 1, 4 }) { // in the first stage, in the second
			final Path checkpoint = dir.resolve("stop" + stopAfter + ".ckpt");
			final AtomicInteger done = new AtomicInteger();
			final TrainingResult first = new Trainer(s).checkpoints(checkpoint).stopWhen(() -> done.get() >= stopAfter).listener(new TrainingListener() {

				@Override
				public void iterationDone(final IterationReport report) {
					done.incrementAndGet();
				}
			}).train(INPUTS);
			assertTrue(first.stopped());
			first.model().close();
			final TrainingResult resumed = Trainer.resume(checkpoint, INPUTS, s, null, null);
			try (SegmentationModel m = resumed.model()) {
				assertEquals(6, resumed.iterationsDone(), "stopped after " + stopAfter);
				assertArrayEquals(straightLocaliser, ModelBundle.networkBytes(m.localiser().networks()).get(0), "localiser, stopped after " + stopAfter);
				for (int k = 0; k < 2; k++)
					assertArrayEquals(straight.get(k), ModelBundle.networkBytes(m.networks()).get(k), "network " + (k + 1) + ", stopped after " + stopAfter);
			}
		}
	}

	@Test
	void whenTheFirstStageFindsNothingTheResultIsItsOwnAndTheCallerIsTold() throws IOException {
		try (SegmentationModel m = new Trainer(settings()).train(INPUTS).model()) {
			for (final SegmentationNetwork net : m.localiser().networks()) silence(net);
			final List<String> warnings = new ArrayList<>();
			final ArrayImg<UnsignedShortType, ShortArray> labels = new Segmenter(m, Ensemble.MEAN).warnings(warnings::add).segment(INPUTS.unlabeled().get(0).image());
			assertEquals(1, warnings.size(), warnings.toString());
			assertTrue(warnings.get(0).contains("found no structure"), warnings.get(0));
			for (final int v : ImgSlices.readInts(labels, 0)) assertEquals(0, v, "the first stage's result: background");
		}
	}

	/** Makes a network predict background everywhere: its head's weights zero, its background bias high. */
	private static void silence(final SegmentationNetwork net) {
		int changed = 0;
		for (final Pair<String, Parameter> p : net.namedParameters()) {
			if (!p.getKey().replaceFirst("^[0-9]+", "").startsWith("head")) continue; // DJL numbers child blocks: "05head_..."
			final NDArray a = p.getValue().getArray();
			a.subi(a);
			if (p.getKey().endsWith("bias")) {
				final float[] bias = new float[(int) a.size()];
				bias[0] = 50;
				a.addi(a.getManager().create(bias, a.getShape()));
			}
			changed++;
		}
		assertEquals(2, changed, "the head has a weight and a bias");
	}
}
