package sc.fiji.cmems.engine.infer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.engine.data.ImgSlices;

/**
 * Test-time flips average each network over the slice and its mirror images, so
 * the segmentation of a mirrored slice is the mirror of the slice's segmentation
 * (up to the order of a sum of four floats); without them a network is not
 * mirror-symmetric.
 */
class TestTimeFlipsTest {

	@Test
	void withFlipsAMirroredSliceGetsTheMirroredLabels() throws IOException {
		final TrainingSettings s = TinyRuns.settings("supervised", 3);
		try (SegmentationModel model = new Trainer(s).train(ToyData.inputs(2, 32, 2, 0)).model()) {
			final RandomAccessibleInterval<? extends RealType<?>> image = ToyData.sample(9, 32, 32).image; // the network size: no resampling
			final RandomAccessibleInterval<? extends RealType<?>> mirrored = Views.zeroMin(Views.invertAxis(image, 0));
			final double without = mirroredShare(new Segmenter(model, Ensemble.MEAN).flips(false), image, mirrored);
			final double with = mirroredShare(new Segmenter(model, Ensemble.MEAN).flips(true), image, mirrored);
			assertTrue(without < 0.999, "a network alone is not mirror-symmetric (else this test shows nothing): " + without);
			assertTrue(with >= 0.999, "with flips the labels mirror the image: " + with);
		}
	}

	/** @return the share of pixels where the mirrored slice's labels equal the slice's labels mirrored */
	private static double mirroredShare(final Segmenter segmenter, final RandomAccessibleInterval<? extends RealType<?>> image,
		final RandomAccessibleInterval<? extends RealType<?>> mirrored)
	{
		final int[] a = ImgSlices.readInts(segmenter.segment(image), 0), b = ImgSlices.readInts(segmenter.segment(mirrored), 0);
		int same = 0;
		for (int y = 0; y < 32; y++)
			for (int x = 0; x < 32; x++) if (a[y * 32 + x] == b[y * 32 + 31 - x]) same++;
		return same / 1024.0;
	}
}
