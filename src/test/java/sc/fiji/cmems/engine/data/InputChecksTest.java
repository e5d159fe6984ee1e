package sc.fiji.cmems.engine.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.Tensors;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.method.CmemsSettings;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.io.LabelImages;

/** Every kind of bad input gives an error that names the input and the value. */
class InputChecksTest {

	private static final ToyData.Sample EX = ToyData.sample(1, 32, 32);

	private static String failure(final TrainingInputs inputs, final int classes, final int[] present) {
		try (NDManager m = Tensors.manager()) {
			final InvalidInputException e = assertThrows(InvalidInputException.class,
				() -> TrainingData.prepare(inputs, classes, present, 32, new Normalization(), m).close());
			return e.getMessage();
		}
	}

	private static TrainingInputs exemplarOnly(final RandomAccessibleInterval<FloatType> image, final RandomAccessibleInterval<UnsignedByteType> labels) {
		return new TrainingInputs(ImageInput.labeled("ex.tif", image, labels), Collections.emptyList(), Collections.emptyList());
	}

	private static void assertContains(final String message, final String... parts) {
		for (final String p : parts) assertTrue(message.contains(p), "'" + p + "' missing in: " + message);
	}

	@Test
	void exemplarAndLabelsOfDifferentSizes() {
		final ArrayImg<UnsignedByteType, ByteArray> labels = ArrayImgs.unsignedBytes(32, 30);
		assertContains(failure(exemplarOnly(EX.image, labels), 0, null), "ex.tif", "32x32", "32x30");
	}

	@Test
	void labelBeyondTheClassCount() {
		final ArrayImg<UnsignedByteType, ByteArray> labels = ArrayImgs.unsignedBytes(EX.labels.update(null).getCurrentStorageArray().clone(), 32, 32);
		labels.update(null).getCurrentStorageArray()[5 * 32 + 7] = 9;
		assertContains(failure(exemplarOnly(EX.image, labels), 4, null), "value 9", "x=7, y=5", "4 classes");
	}

	@Test
	void nonIntegerLabelsAreRefusedWhenConverted() {
		final ArrayImg<FloatType, FloatArray> labels = ArrayImgs.floats(4, 4);
		labels.update(null).getCurrentStorageArray()[6] = 1.5f;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelImages.asLabels(labels, "lab.tif"));
		assertContains(e.getMessage(), "lab.tif", "1.5", "[2, 1]");
	}

	@Test
	void classesMissingFromTheExemplar() {
		final byte[] data = EX.labels.update(null).getCurrentStorageArray().clone();
		for (int i = 0; i < data.length; i++) if (data[i] == 2) data[i] = 3;
		final ArrayImg<UnsignedByteType, ByteArray> labels = ArrayImgs.unsignedBytes(data, 32, 32);
		assertContains(failure(exemplarOnly(EX.image, labels), 4, null), "class [2]", "exemplarClasses");
		// declared absent: accepted
		try (NDManager m = Tensors.manager()) {
			TrainingData.prepare(exemplarOnly(EX.image, labels), 4, new int[] { 0, 1, 3 }, 32, new Normalization(), m).close();
		}
		// declared present but absent: refused
		assertContains(failure(exemplarOnly(EX.image, labels), 4, new int[] { 0, 1, 2, 3 }), "class 2", "no pixel");
		// only background
		assertContains(failure(exemplarOnly(EX.image, ArrayImgs.unsignedBytes(32, 32)), 0, null), "only background");
	}

	@Test
	void nanAndInfinitePixels() {
		final float[] px = EX.image.update(null).getCurrentStorageArray().clone();
		px[3 * 32 + 4] = Float.NaN;
		assertContains(failure(exemplarOnly(ArrayImgs.floats(px, 32, 32), EX.labels), 0, null), "ex.tif", "NaN", "x=4, y=3");
		final float[] u = ToyData.sample(2, 32, 32).image.update(null).getCurrentStorageArray().clone();
		u[0] = Float.POSITIVE_INFINITY;
		final List<ImageInput> unlabeled = new ArrayList<>();
		unlabeled.add(ImageInput.of("u7.tif", ArrayImgs.floats(u, 32, 32)));
		assertContains(failure(new TrainingInputs(ImageInput.labeled("ex.tif", EX.image, EX.labels), unlabeled, Collections.emptyList()), 0, null),
			"u7.tif", "infinite");
	}

	@Test
	void imagesOfWildlyDifferentSize() {
		final List<ImageInput> unlabeled = new ArrayList<>();
		unlabeled.add(ImageInput.of("huge.tif", ArrayImgs.floats(256, 256)));
		assertContains(failure(new TrainingInputs(ImageInput.labeled("ex.tif", EX.image, EX.labels), unlabeled, Collections.emptyList()), 0, null),
			"huge.tif", "256x256", "32x32", "resample");
	}

	@Test
	void aLabeledStackWithoutAnyLabelIsRefused() {
		assertContains(failure(new TrainingInputs(ImageInput.labeled("stack.tif", ArrayImgs.floats(32, 32, 3), ArrayImgs.unsignedBytes(32, 32, 3)),
			Collections.emptyList(), Collections.emptyList()), 0, null), "no slice", "stack.tif", "holds a label");
	}

	/** Labeled slices of different sizes (ACDC's patients differ) are each resized to the network; only sizes far apart are refused. */
	@Test
	void labeledImagesOfWildlyDifferentSizesAreRefused() {
		final ToyData.Sample other = ToyData.sample(2, 40, 40);
		final List<ImageInput> set = new ArrayList<>();
		set.add(ImageInput.labeled("a.tif", EX.image, EX.labels));
		set.add(ImageInput.labeled("b.tif", other.image, other.labels));
		try (NDManager m = Tensors.manager(); TrainingData d = TrainingData.prepare(new TrainingInputs(set, Collections.emptyList(), Collections.emptyList(),
			Collections.emptyList()), 0, null, 32, new Normalization(), m))
		{
			assertTrue(d.labeledCount() == 2, "32x32 and 40x40 together");
		}
		set.add(ImageInput.labeled("huge.tif", ArrayImgs.floats(256, 256), ArrayImgs.unsignedBytes(256, 256)));
		assertContains(failure(new TrainingInputs(set, Collections.emptyList(), Collections.emptyList(), Collections.emptyList()), 0, null), "huge.tif",
			"256x256", "32x32");
	}

	@Test
	void aLabeledSetMustShowEveryClassSomewhere() {
		// two slices, each with only part of the classes: together they must hold classes 0..3
		final ArrayImg<UnsignedByteType, ByteArray> onlyOne = ArrayImgs.unsignedBytes(32, 32);
		onlyOne.update(null).getCurrentStorageArray()[100] = 1;
		final List<ImageInput> set = new ArrayList<>();
		set.add(ImageInput.labeled("a.tif", EX.image, onlyOne));
		set.add(ImageInput.labeled("b.tif", EX.image, onlyOne));
		assertContains(failure(new TrainingInputs(set, Collections.emptyList(), Collections.emptyList(), Collections.emptyList()), 4, null), "2 labeled slices",
			"classes [2, 3]");
	}

	@Test
	void aConstantExemplarTeachesNothing() {
		assertContains(failure(exemplarOnly(ArrayImgs.floats(32, 32), EX.labels), 0, null), "constant");
	}

	@Test
	void badSettingsNameTheSettingAndValue() {
		final TrainingSettings s = new TrainingSettings();
		s.imageSize = 100;
		assertContains(assertThrows(IllegalArgumentException.class, s::check).getMessage(), "imageSize", "16", "100");
		final TrainingSettings t = new TrainingSettings();
		assertContains(assertThrows(IllegalArgumentException.class, () -> t.set("cmems.threshold", "high")).getMessage(), "cmems.threshold", "high");
		assertContains(assertThrows(IllegalArgumentException.class, () -> t.set("colour", "red")).getMessage(), "unknown setting", "colour");
		t.set("threshold", "0.9");
		t.set("method", "supervised");
		t.set("classNames", "bg, RV, Myo, LV");
		assertTrue(t.method(CmemsSettings.class).threshold == 0.9 && t.method.equals("supervised") && t.classNames.get(3).equals("LV"));
		t.set("cmems.threshold", "1.5");
		assertContains(assertThrows(IllegalArgumentException.class, t::check).getMessage(), "cmems.threshold", "1.5");
		final TrainingSettings d = new TrainingSettings();
		d.device = "tpu";
		assertContains(assertThrows(IllegalArgumentException.class, d::check).getMessage(), "device", "tpu");
	}
}
