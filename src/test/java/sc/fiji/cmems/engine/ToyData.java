package sc.fiji.cmems.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.TrainingInputs;

/**
 * Tiny test images: a bright disc (class 3) inside a dark ring (class 2) with a
 * bright crescent beside it (class 1), at random positions and sizes, with
 * noise. Small enough for unit tests that train.
 */
public final class ToyData {

	private ToyData() {}

	public static final class Sample {

		public final ArrayImg<FloatType, FloatArray> image;
		public final ArrayImg<UnsignedByteType, ByteArray> labels;

		Sample(final ArrayImg<FloatType, FloatArray> image, final ArrayImg<UnsignedByteType, ByteArray> labels) {
			this.image = image;
			this.labels = labels;
		}
	}

	public static Sample sample(final long seed, final int w, final int h) {
		final Random r = new Random(seed);
		final double cx = w * (0.35 + 0.3 * r.nextDouble()), cy = h * (0.35 + 0.3 * r.nextDouble());
		final double rad = Math.min(w, h) * (0.12 + 0.06 * r.nextDouble());
		final double ring = rad * 1.5;
		final double angle = r.nextDouble() * 2 * Math.PI;
		final double rvx = cx + Math.cos(angle) * ring * 1.2, rvy = cy + Math.sin(angle) * ring * 1.2;
		final double contrast = 0.6 + 0.4 * r.nextDouble();
		final float[] px = new float[w * h];
		final byte[] lb = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final double d = Math.hypot(x - cx, y - cy);
				final double dr = Math.hypot(x - rvx, y - rvy);
				int l = 0;
				double v = 0.2;
				if (d <= rad) { l = 3; v = 0.9; }
				else if (d <= ring) { l = 2; v = 0.35; }
				else if (dr <= ring * 0.8) { l = 1; v = 0.75; }
				px[y * w + x] = (float) (v * contrast + 0.05 * r.nextGaussian());
				lb[y * w + x] = (byte) l;
			}
		return new Sample(ArrayImgs.floats(px, w, h), ArrayImgs.unsignedBytes(lb, w, h));
	}

	/** @return exemplar = sample(seed), {@code unlabeled} other samples, {@code validation} labeled ones */
	public static TrainingInputs inputs(final long seed, final int size, final int unlabeled, final int validation) {
		final Sample ex = sample(seed, size, size);
		final List<ImageInput> u = new ArrayList<>();
		for (int i = 0; i < unlabeled; i++) u.add(ImageInput.of("u" + i, sample(seed * 1000 + i + 1, size, size).image));
		final List<ImageInput> v = new ArrayList<>();
		for (int i = 0; i < validation; i++) {
			final Sample s = sample(seed * 5000 + i + 7, size, size);
			v.add(ImageInput.labeled("v" + i, s.image, s.labels));
		}
		return new TrainingInputs(ImageInput.labeled("exemplar", ex.image, ex.labels), u, v);
	}
}
