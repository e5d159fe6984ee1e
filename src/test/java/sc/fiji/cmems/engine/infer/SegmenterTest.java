package sc.fiji.cmems.engine.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.engine.data.ImgSlices;

/** Inference on 2D images and 3D stacks at their native size. */
class SegmenterTest {

	private static SegmentationModel model;

	@BeforeAll
	static void train() throws IOException {
		model = new Trainer(TinyRuns.settings("cmems", 10)).train(ToyData.inputs(6, 32, 6, 0)).model();
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void aStackIsSegmentedSliceBySliceAtItsNativeSize() {
		final int w = 45, h = 38;
		final List<RandomAccessibleInterval<FloatType>> slices = new ArrayList<>();
		for (int z = 0; z < 3; z++) slices.add(ToyData.sample(50 + z, w, h).image);
		final RandomAccessibleInterval<FloatType> stack = Views.stack(slices);
		final Segmenter segmenter = new Segmenter(model, Ensemble.MEAN).batchSize(2);
		final ArrayImg<UnsignedShortType, ShortArray> labels = segmenter.segment(stack);
		assertArrayEquals(new long[] { w, h, 3 }, new long[] { labels.dimension(0), labels.dimension(1), labels.dimension(2) });
		final List<Integer> done = new ArrayList<>();
		segmenter.segment(stack, ArrayImgs.unsignedShorts(w, h, 3), done::add);
		assertEquals(List.of(2, 3), done, "progress per batch of slices");
		boolean foreground = false;
		for (int z = 0; z < 3; z++) {
			final int[] alone = ImgSlices.readInts(segmenter.segment(slices.get(z)), 0);
			assertArrayEquals(alone, ImgSlices.readInts(labels, z), "slice " + z + " as in 2D");
			for (final int v : alone) {
				assertTrue(v >= 0 && v < 4);
				foreground |= v > 0;
			}
		}
		assertTrue(foreground, "the model finds some structure");
	}

	@Test
	void wrongOutputSizeAndModelChoiceAreRefused() {
		final Segmenter segmenter = new Segmenter(model, Ensemble.MEAN);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> segmenter.segment(ToyData.sample(1, 32, 32).image, ArrayImgs.unsignedShorts(30, 32), null));
		assertTrue(e.getMessage().contains("30x32") && e.getMessage().contains("32x32"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Ensemble.parse("median"));
		assertEquals(Ensemble.NETWORK_2, Ensemble.parse("model2"));
	}
}
