package sc.fiji.cmems.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.Tensors;
import sc.fiji.cmems.engine.ToyData;

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
}
