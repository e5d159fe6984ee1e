package sc.fiji.cmems.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.InvalidInputException;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;

/**
 * Images of several channels (co-registered modalities): training reads them
 * all, the bundle's networks read as many, segmentation needs as many, and a
 * mismatch is an error naming the image.
 */
class ChannelsTest {

	/** A second modality of a toy image: its intensities turned upside down and squared (contrast differs). */
	private static ArrayImg<FloatType, FloatArray> secondModality(final ArrayImg<FloatType, FloatArray> image) {
		final float[] a = image.update(null).getCurrentStorageArray(), b = new float[a.length];
		for (int i = 0; i < a.length; i++) b[i] = (1 - a[i]) * (1 - a[i]);
		return ArrayImgs.floats(b, image.dimension(0), image.dimension(1));
	}

	private static ImageInput twoChannels(final String name, final ToyData.Sample s, final boolean labeled) {
		final List<ArrayImg<FloatType, FloatArray>> channels = Arrays.asList(s.image, secondModality(s.image));
		return labeled ? ImageInput.labeled(name, channels, s.labels) : ImageInput.of(name, channels);
	}

	private static TrainingInputs inputs() {
		final List<ImageInput> unlabeled = new ArrayList<>();
		for (int i = 0; i < 4; i++) unlabeled.add(twoChannels("u" + i, ToyData.sample(10 + i, 32, 32), false));
		return new TrainingInputs(Collections.singletonList(twoChannels("ex", ToyData.sample(1, 32, 32), true)), unlabeled,
			Collections.singletonList(twoChannels("v", ToyData.sample(20, 32, 32), true)), Collections.emptyList());
	}

	@Test
	void twoChannelsTrainAndSegment(@TempDir final Path dir) throws IOException {
		final TrainingSettings s = TinyRuns.settings("cmems", 3);
		s.validateEvery = 3;
		final Path file = dir.resolve("two.cmems");
		try (SegmentationModel model = new Trainer(s).train(inputs()).model()) {
			assertEquals(2, model.info().network.inputChannels);
			ModelBundle.write(model, file);
		}
		try (SegmentationModel model = ModelBundle.read(file, ai.djl.Device.cpu())) {
			assertEquals(2, model.info().network.inputChannels, "the bundle's networks read two channels");
			final Segmenter segmenter = new Segmenter(model, Ensemble.MEAN);
			final ArrayImg<UnsignedShortType, ShortArray> labels = segmenter.segment(twoChannels("t", ToyData.sample(30, 40, 36), false));
			assertArrayEquals(new long[] { 40, 36 }, labels.dimensionsAsLongArray());
			for (final short v : labels.update(null).getCurrentStorageArray()) assertTrue(v >= 0 && v < model.info().classes);
			final InvalidInputException e = assertThrows(InvalidInputException.class, () -> segmenter.segment(ToyData.sample(30, 40, 36).image));
			assertTrue(e.getMessage().contains("1 channel(s); the model reads 2"), e.getMessage());
		}
	}

	/** Semi-CML with two modalities: one network per channel, each of which segments from its channel alone. */
	@Test
	void oneNetworkPerModalitySegmentsFromItsModalityAlone(@TempDir final Path dir) throws IOException {
		final TrainingSettings s = TinyRuns.settings("semicml", 3);
		final Path file = dir.resolve("modalities.cmems");
		try (SegmentationModel model = new Trainer(s).train(inputs()).model()) {
			ModelBundle.write(model, file);
		}
		try (SegmentationModel model = ModelBundle.read(file, ai.djl.Device.cpu())) {
			assertEquals(2, model.info().network.inputChannels);
			assertEquals(Arrays.asList(Collections.singletonList(1), Collections.singletonList(2)), model.info().inputs);
			assertEquals(1, model.info().architecture(0).inputChannels);
			assertEquals(1, model.info().architecture(1).inputChannels);
			final ToyData.Sample t = ToyData.sample(30, 32, 32);
			assertArrayEquals(new long[] { 32, 32 }, new Segmenter(model, Ensemble.MEAN).segment(twoChannels("both", t, false)).dimensionsAsLongArray());
			// network 1 reads the first modality, network 2 the second: each alone from a one-channel image
			final ArrayImg<UnsignedShortType, ShortArray> first = new Segmenter(model, Ensemble.NETWORK_1).segment(ImageInput.of("first", t.image));
			final ArrayImg<UnsignedShortType, ShortArray> second = new Segmenter(model, Ensemble.NETWORK_2).segment(ImageInput.of("second", secondModality(t.image)));
			assertArrayEquals(new long[] { 32, 32 }, first.dimensionsAsLongArray());
			assertArrayEquals(new long[] { 32, 32 }, second.dimensionsAsLongArray());
			// the same as network 1 given both channels
			final ArrayImg<UnsignedShortType, ShortArray> firstOfBoth = new Segmenter(model, Ensemble.NETWORK_1).segment(twoChannels("both", t, false));
			assertArrayEquals(firstOfBoth.update(null).getCurrentStorageArray(), first.update(null).getCurrentStorageArray());
			final InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Segmenter(model, Ensemble.MEAN).segment(ImageInput.of("one", t.image)));
			assertTrue(e.getMessage().contains("the chosen network(s) 2 of them"), e.getMessage());
		}
	}

	@Test
	void everyImageNeedsTheExemplarsChannels() {
		final List<ImageInput> unlabeled = new ArrayList<>();
		unlabeled.add(ImageInput.of("one-channel.tif", ToyData.sample(3, 32, 32).image));
		final TrainingInputs mixed = new TrainingInputs(Collections.singletonList(twoChannels("ex", ToyData.sample(1, 32, 32), true)), unlabeled,
			Collections.emptyList(), Collections.emptyList());
		final InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Trainer(TinyRuns.settings("cmems", 1)).train(mixed));
		assertTrue(e.getMessage().contains("one-channel.tif") && e.getMessage().contains("1 channel(s)") && e.getMessage().contains("2"), e.getMessage());
	}

	@Test
	void channelsOfDifferentSizesAreRefused() {
		final InvalidInputException e = assertThrows(InvalidInputException.class,
			() -> ImageInput.of("mri", Arrays.asList(ArrayImgs.floats(32, 32), ArrayImgs.floats(32, 30))));
		assertTrue(e.getMessage().contains("mri") && e.getMessage().contains("32x30"), e.getMessage());
	}
}
