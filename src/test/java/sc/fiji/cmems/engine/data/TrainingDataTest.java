package sc.fiji.cmems.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.Tensors;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.batch.BatchSampler;
import sc.fiji.cmems.engine.perturb.AugmentationSettings;
import sc.fiji.cmems.engine.synth.SynthesisSettings;

/** What the prepared data keeps on the device for the whole training. */
class TrainingDataTest {

	/** @return the number of arrays that prepared data holds (on the device, until training ends) */
	private static int arraysHeld(final int unlabeledImages) {
		try (NDManager m = Tensors.manager(); TrainingData data = TrainingData.prepare(ToyData.inputs(1, 32, unlabeledImages, 0), 0, null, 32,
			new Normalization(), m))
		{
			assertEquals(new Shape(unlabeledImages, 1, 32, 32), data.pool().getShape());
			return m.getManagedArrays().size();
		}
	}

	/**
	 * The unlabeled images become one tensor; the per-image tensors it was made
	 * of are freed, else they doubled the memory of the data for the whole
	 * training (1311 ACDC slices at 256x256: 0.34 GB more).
	 */
	@Test
	void unlabeledImagesAreHeldOnceWhateverTheirNumber() {
		assertEquals(arraysHeld(2), arraysHeld(7));
	}

	/**
	 * A labeled set: a 2D slice and a stack of three whose middle slice holds no
	 * label give three labeled slices; exemplar copies are drawn from all of them.
	 */
	@Test
	void aLabeledSetIsEveryLabeledSliceOfItsImages() {
		final ToyData.Sample a = ToyData.sample(1, 32, 32), b = ToyData.sample(2, 32, 32), c = ToyData.sample(3, 32, 32);
		final List<ImageInput> set = new ArrayList<>();
		set.add(ImageInput.labeled("a.tif", a.image, a.labels));
		set.add(ImageInput.labeled("stack.tif", Views.stack(b.image, ArrayImgs.floats(32, 32), c.image),
			Views.stack(b.labels, ArrayImgs.unsignedBytes(32, 32), c.labels)));
		final List<ImageInput> unlabeled = Collections.singletonList(ImageInput.of("u.tif", ToyData.sample(4, 32, 32).image));
		try (NDManager m = Tensors.manager();
			TrainingData data = TrainingData.prepare(new TrainingInputs(set, unlabeled, Collections.emptyList(), Collections.emptyList()), 0, null, 32,
				new Normalization(), m))
		{
			assertEquals(3, data.labeledCount());
			assertEquals(new Shape(3, 1, 32, 32), data.exemplarImage().getShape());
			final float[] labels = data.exemplarLabels().toFloatArray();
			for (int k = 0; k < 3; k++) {
				final float[] slice = Arrays.copyOfRange(labels, k * 32 * 32, (k + 1) * 32 * 32);
				float max = 0;
				for (final float v : slice) max = Math.max(max, v);
				assertTrue(max > 0, "labeled slice " + k + " holds a label");
			}
			final long[] counts = new long[3];
			for (int k = 0; k < 3; k++)
				for (int i = k * 32 * 32; i < (k + 1) * 32 * 32; i++) if (labels[i] > 0) counts[k]++;
			// without geometric augmentation each copy is one of the slices, recognised by its foreground's size
			final AugmentationSettings still = new AugmentationSettings();
			still.rotFlipProbability = 0;
			still.rotateProbability = 0;
			final BatchSampler sampler = new BatchSampler(data, still, new SynthesisSettings());
			final Set<Long> seen = new HashSet<>();
			final SplittableRandom random = new SplittableRandom(7);
			for (int i = 0; i < 10; i++)
				try (NDManager scope = m.newSubManager()) {
					final long[] copies = sampler.labeled(scope, random, 4, 0).labels().toLongArray();
					for (int copy = 0; copy < 4; copy++) {
						long n = 0;
						for (int j = copy * 32 * 32; j < (copy + 1) * 32 * 32; j++) if (copies[j] > 0) n++;
						assertTrue(n == counts[0] || n == counts[1] || n == counts[2], "copy " + copy + " has " + n + " foreground pixels, the slices " + Arrays.toString(counts));
						seen.add(n);
					}
					assertEquals(new Shape(6, 1, 32, 32), sampler.labeled(scope, random, 4, 2).images().getShape());
				}
			assertEquals(3, new HashSet<>(Arrays.asList(counts[0], counts[1], counts[2])).size(), "the toy slices differ in size");
			assertEquals(3, seen.size(), "every labeled slice is drawn");
		}
	}
}
