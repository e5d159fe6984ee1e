package sc.fiji.cmems.bench;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.ImgSlices;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.phantom.CardiacPhantom;

/** Realistic inputs at one size from the seeded cardiac phantom: an exemplar, unlabeled slices, slices to segment. */
final class BenchInputs {

	/** Classes of the phantom (background, RV, Myo, LV). */
	static final int CLASSES = CardiacPhantom.NUM_LABELS;

	private BenchInputs() {}

	/** @return exemplar = phantom sample 0, {@code unlabeled} further samples, no validation */
	static TrainingInputs training(final long seed, final int size, final int unlabeled) {
		final CardiacPhantom phantom = new CardiacPhantom(seed);
		final CardiacPhantom.Sample ex = phantom.sample(0, size, size);
		final List<ImageInput> u = new ArrayList<>();
		for (int i = 0; i < unlabeled; i++) u.add(ImageInput.of("unlabeled-" + i, phantom.sample(1_000_000 + i, size, size).image()));
		return new TrainingInputs(ImageInput.labeled("exemplar", ex.image(), ex.labels()), u, new ArrayList<>());
	}

	/** @return {@code count} phantom slices of {@code size x size}, intensities in [0, 1], x fastest */
	static float[][] slices(final long seed, final int size, final int count) {
		final CardiacPhantom phantom = new CardiacPhantom(seed);
		final float[][] out = new float[count][];
		for (int i = 0; i < count; i++) out[i] = ImgSlices.readFloats(phantom.sample(2_000_000 + i, size, size).image(), 0);
		return out;
	}
}
