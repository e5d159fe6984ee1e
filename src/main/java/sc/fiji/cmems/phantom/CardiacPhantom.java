package sc.fiji.cmems.phantom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Seeded generator of synthetic short-axis cardiac cine MRI slices with labels:
 * the project's embedded default dataset.
 * <p>
 * Labels: {@link #BACKGROUND} 0, {@link #RV} 1 (right-ventricle cavity, a
 * crescent hugging the ring on one side), {@link #MYO} 2 (LV myocardium, a
 * ring), {@link #LV} 3 (LV blood pool, papillary muscles included, closed by
 * the ring). Images look like bright-blood (SSFP) cine: bright cavities, dark
 * myocardium, bright fat, dark lungs, liver, spine and vessels, texture, a
 * smooth bias field, partial volume, Rician noise, sometimes a motion ghost;
 * intensities are normalised to [0, 1].
 * <p>
 * Each index has its own random stream derived from (seed, index): a sample
 * depends only on the seed, the settings, its index and its size, never on
 * which other samples were generated. Anatomy parameters do not depend on the
 * size, so the same index at another resolution (same aspect ratio) shows the
 * same heart. Instances are immutable and thread-safe.
 */
public final class CardiacPhantom {

	public static final int BACKGROUND = 0;
	public static final int RV = 1;
	public static final int MYO = 2;
	public static final int LV = 3;
	/** Number of labels, background included. */
	public static final int NUM_LABELS = 4;
	/** Label names by label value. */
	public static final List<String> LABEL_NAMES = Collections.unmodifiableList(Arrays.asList(
		"Background", "RV", "Myo", "LV"));

	/** Smallest width or height accepted. */
	public static final int MIN_SIZE = 16;

	private final PhantomSettings settings;
	private final long seed;

	/** A generator with {@link PhantomSettings#defaults()}. */
	public CardiacPhantom(long seed) {
		this(PhantomSettings.defaults(), seed);
	}

	public CardiacPhantom(PhantomSettings settings, long seed) {
		if (settings == null) throw new NullPointerException("settings");
		this.settings = settings;
		this.seed = seed;
	}

	public PhantomSettings settings() {
		return settings;
	}

	public long seed() {
		return seed;
	}

	/** @return the parameters of sample {@code index} (what {@link #sample} draws) */
	public PhantomParameters parameters(int index) {
		return PhantomParameters.draw(settings, stream(seed, index));
	}

	/**
	 * Generates the 2D sample {@code index}.
	 *
	 * @param width image width (x), at least {@link #MIN_SIZE}
	 * @param height image height (y), at least {@link #MIN_SIZE}
	 */
	public Sample sample(int index, int width, int height) {
		checkSize(width, height);
		PhantomParameters p = parameters(index);
		float[] img = new float[width * height];
		byte[] lab = new byte[width * height];
		PhantomRenderer r = new PhantomRenderer(p, settings, width, height);
		r.render(img, lab, 0);
		PhantomRenderer.normalise(img, p.normPercentile, p.normScale);
		return new Sample(index, ArrayImgs.floats(img, width, height), ArrayImgs.unsignedBytes(lab,
			width, height), Collections.singletonList(p), r.hx, r.hy);
	}

	/**
	 * Generates a 3D stack for {@code index}: slice 0 is the base (nearly the
	 * heart of {@link #sample} for the same index, wall slightly thinner, with
	 * RV), the last slice the apex (LV
	 * shrunk to {@link PhantomSettings#apexLvScale()}, RV gone from about 80% of
	 * the way). Shape, contrast and bias are shared by all slices; texture and
	 * noise differ per slice; the whole stack is normalised together. Apical
	 * slices need not contain every label.
	 *
	 * @param depth number of slices (z), at least 1
	 */
	public Sample volume(int index, int width, int height, int depth) {
		checkSize(width, height);
		if (depth < 1) throw new IllegalArgumentException("depth " + depth + " < 1");
		PhantomParameters base = parameters(index);
		int n = width * height;
		float[] img = new float[n * depth];
		byte[] lab = new byte[n * depth];
		List<PhantomParameters> slices = new ArrayList<>(depth);
		// Every slice keeps the LV centre where the base slice puts it (slices
		// only shrink towards the apex, so the base placement fits them all)
		PhantomRenderer baseRenderer = new PhantomRenderer(base.atLevel(0, settings.apexLvScale(), 0),
			settings, width, height);
		double cx = baseRenderer.hx, cy = baseRenderer.hy;
		for (int z = 0; z < depth; z++) {
			double t = depth == 1 ? 0 : z / (double) (depth - 1);
			PhantomParameters p = base.atLevel(t, settings.apexLvScale(), z);
			PhantomRenderer r = new PhantomRenderer(p, settings, width, height, cx, cy);
			r.render(img, lab, z * n);
			slices.add(p);
		}
		PhantomRenderer.normalise(img, base.normPercentile, base.normScale);
		return new Sample(index, ArrayImgs.floats(img, width, height, depth), ArrayImgs.unsignedBytes(
			lab, width, height, depth), Collections.unmodifiableList(slices), cx, cy);
	}

	private static void checkSize(int width, int height) {
		if (width < MIN_SIZE || height < MIN_SIZE) {
			throw new IllegalArgumentException("Image size " + width + "x" + height + " below " +
				MIN_SIZE + "x" + MIN_SIZE);
		}
		if ((long) width * height > Integer.MAX_VALUE / 4) {
			throw new IllegalArgumentException("Image size " + width + "x" + height + " too large");
		}
	}

	/** The random stream of one index: SplitMix64-style mixing of seed and index. */
	static SplittableRandom stream(long seed, long index) {
		long z = mix64(seed + 0x9E3779B97F4A7C15L * (index + 1));
		z = mix64(z ^ mix64(index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL));
		return new SplittableRandom(z);
	}

	private static long mix64(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** One generated image (2D, or a 3D stack from {@link CardiacPhantom#volume}) with its labels. */
	public static final class Sample {

		private final int index;
		private final ArrayImg<FloatType, FloatArray> image;
		private final ArrayImg<UnsignedByteType, ByteArray> labels;
		private final List<PhantomParameters> parameters;
		private final double lvCentreX, lvCentreY;

		Sample(int index, ArrayImg<FloatType, FloatArray> image,
			ArrayImg<UnsignedByteType, ByteArray> labels, List<PhantomParameters> parameters,
			double lvCentreX, double lvCentreY)
		{
			this.index = index;
			this.image = image;
			this.labels = labels;
			this.parameters = parameters;
			this.lvCentreX = lvCentreX;
			this.lvCentreY = lvCentreY;
		}

		public int index() {
			return index;
		}

		/** @return the image, x = width, y = height (z = depth for a volume), values in [0, 1] */
		public ArrayImg<FloatType, FloatArray> image() {
			return image;
		}

		/** @return labels 0..3 with the image's dimensions */
		public ArrayImg<UnsignedByteType, ByteArray> labels() {
			return labels;
		}

		/** @return the image's backing array (x fastest), not a copy */
		public float[] imageData() {
			return image.update(null).getCurrentStorageArray();
		}

		/** @return the labels' backing array (x fastest), not a copy */
		public byte[] labelData() {
			return labels.update(null).getCurrentStorageArray();
		}

		public int width() {
			return (int) image.dimension(0);
		}

		public int height() {
			return (int) image.dimension(1);
		}

		/** @return 1 for a 2D sample */
		public int depth() {
			return image.numDimensions() > 2 ? (int) image.dimension(2) : 1;
		}

		/** @return the parameters drawn for this index (the base slice's for a volume) */
		public PhantomParameters parameters() {
			return parameters.get(0);
		}

		/** @return per-slice parameters (one element for a 2D sample) */
		public List<PhantomParameters> sliceParameters() {
			return parameters;
		}

		/** @return x of the LV centre, pixels (pixel i covers [i, i+1)) */
		public double lvCentreX() {
			return lvCentreX;
		}

		/** @return y of the LV centre, pixels */
		public double lvCentreY() {
			return lvCentreY;
		}

		/** @return how many pixels carry {@code label} */
		public long count(int label) {
			long c = 0;
			for (byte b : labelData()) {
				if ((b & 0xff) == label) c++;
			}
			return c;
		}
	}
}
