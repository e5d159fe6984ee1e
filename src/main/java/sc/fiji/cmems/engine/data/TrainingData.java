package sc.fiji.cmems.engine.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import sc.fiji.cmems.engine.tensor.Resampling;

/**
 * The training inputs, checked, normalised and resized to the network size,
 * as tensors on the training device: the labeled slices (the exemplar, or a
 * labeled set: several 2D images, and the slices of labeled stacks that hold a
 * label), and the pool of unlabeled slices. Validation images stay at their native size (they
 * are segmented like any user image).
 */
public final class TrainingData implements AutoCloseable {

	/** Images whose sides differ from the exemplar's by more than this factor are refused. */
	static final double MAX_SIZE_RATIO = 4;

	private final NDManager manager;
	private final int classes;
	private final int size;
	private final int channels;
	private final NDArray exemplarImage;
	private final NDArray exemplarLabels;
	private final int[][] exemplarLabelArrays;
	private final NDArray pool;
	private final NDArray labeledPoolImages;
	private final NDArray labeledPoolLabels;
	private final List<ValidationCase> validation;
	private final long fingerprint;

	private TrainingData(final NDManager manager, final int classes, final int size, final int channels, final NDArray exemplarImage,
		final NDArray exemplarLabels, final int[][] exemplarLabelArrays, final NDArray pool, final NDArray labeledPoolImages,
		final NDArray labeledPoolLabels, final List<ValidationCase> validation, final long fingerprint)
	{
		this.manager = manager;
		this.classes = classes;
		this.size = size;
		this.channels = channels;
		this.exemplarImage = exemplarImage;
		this.exemplarLabels = exemplarLabels;
		this.exemplarLabelArrays = exemplarLabelArrays;
		this.pool = pool;
		this.labeledPoolImages = labeledPoolImages;
		this.labeledPoolLabels = labeledPoolLabels;
		this.validation = validation;
		this.fingerprint = fingerprint;
	}

	/**
	 * Checks and prepares the inputs.
	 *
	 * @param classes number of classes including background; 0 takes the
	 *          exemplar's largest label + 1
	 * @param exemplarClasses the classes the exemplar contains, or null when
	 *          every class must appear in it
	 * @param size network input size (square)
	 * @throws InvalidInputException naming the offending input and value
	 */
	public static TrainingData prepare(final TrainingInputs inputs, final int classes, final int[] exemplarClasses,
		final int size, final Normalization normalization, final NDManager parent)
	{
		// the labeled set: every 2D labeled image, and every slice of a labeled stack that holds a label
		final List<String> names = new ArrayList<>();
		final List<int[]> labelSlices = new ArrayList<>();
		final List<float[]> imageSlices = new ArrayList<>();
		final List<int[]> sliceSizes = new ArrayList<>();
		final ImageInput first = inputs.labeled().get(0);
		final long[] exDims = net.imglib2.util.Intervals.dimensionsAsLongArray(first.image());
		final int w = (int) exDims[0], h = (int) exDims[1];
		final int channels = first.channelCount();
		checkChannels(inputs, channels);
		for (final ImageInput ex : inputs.labeled()) {
			final long[] dims = net.imglib2.util.Intervals.dimensionsAsLongArray(ex.image());
			if (dims.length < 2 || dims.length > 3) throw new InvalidInputException("a labeled image must be a 2D slice or a 3D stack, but '" + ex.name() + "' is " + SliceData.format(dims));
			if (ex != first) checkSize(ex, w, h);
			final int[][] labels = SliceData.readLabels(ex, classes);
			final boolean stack = labels.length > 1;
			float[][] images = null;
			for (int z = 0; z < labels.length; z++) {
				if (stack && Arrays.stream(labels[z]).allMatch(v -> v == 0)) continue; // a stack's slice without any label is not labeled
				if (images == null) images = SliceData.readNormalised(ex, normalization);
				names.add(stack ? ex.name() + " slice " + (z + 1) : ex.name());
				labelSlices.add(labels[z]);
				imageSlices.add(images[z]);
				sliceSizes.add(new int[] { (int) dims[0], (int) dims[1] });
			}
		}
		if (labelSlices.isEmpty()) throw new InvalidInputException("no slice of the labeled images holds a label (" + first.name() + (inputs.labeled().size() > 1 ? ", ..." : "") + "); label every structure once");
		int largest = 0;
		for (final int[] l : labelSlices) largest = Math.max(largest, Arrays.stream(l).max().orElse(0));
		final int nClasses = classes > 0 ? classes : largest + 1;
		if (nClasses < 2) throw new InvalidInputException("the exemplar label image of '" + first.name() + "' holds only background (0); label every structure once");
		checkClassesPresent(names.size() == 1 ? names.get(0) : names.size() + " labeled slices (" + first.name() + ", ...)", concatenated(labelSlices), nClasses,
			exemplarClasses);
		for (int k = 0; k < imageSlices.size(); k++) checkNotConstant(names.get(k), imageSlices.get(k));

		final NDManager manager = parent.newSubManager();
		try {
			final List<NDArray> imageParts = new ArrayList<>(), labelParts = new ArrayList<>();
			final int[][] labelArrays = new int[labelSlices.size()][];
			for (int k = 0; k < labelSlices.size(); k++) { // each labeled slice at its own size, all to the network's
				final int sw = sliceSizes.get(k)[0], sh = sliceSizes.get(k)[1];
				imageParts.add(Resampling.bilinear(manager.create(imageSlices.get(k), new Shape(1, channels, sh, sw)), size, size).clip(0f, 1f));
				labelArrays[k] = LabelResize.resize(labelSlices.get(k), sw, sh, size, size);
				labelParts.add(manager.create(toFloats(labelArrays[k]), new Shape(1, 1, size, size)));
				checkClassesSurviveResize(names.get(k), labelSlices.get(k), labelArrays[k], nClasses, size);
			}
			final NDArray image = concat(imageParts, size, manager), labels = concat(labelParts, size, manager);

			final NDArray pool = resizedSlices(inputs.unlabeled(), w, h, size, normalization, manager);
			final int slices = (int) pool.getShape().get(0);
			final NDArray[] labeledPool = labeledSlices(inputs.labeledPool(), nClasses, w, h, size, normalization, manager);

			final List<ValidationCase> validation = new ArrayList<>();
			for (final ImageInput v : inputs.validation()) {
				checkSize(v, w, h);
				final int[][] vl = SliceData.readLabels(v, nClasses);
				final float[][] vs = SliceData.readNormalised(v, normalization);
				validation.add(new ValidationCase(v.name(), (int) v.image().dimension(0), (int) v.image().dimension(1), vs, vl));
			}
			long fingerprint = fingerprint(imageSlices.get(0), labelSlices.get(0), slices, (int) labeledPool[0].getShape().get(0), nClasses, size);
			for (int k = 1; k < labelSlices.size(); k++) fingerprint = fingerprint * 31 + fingerprint(imageSlices.get(k), labelSlices.get(k), 0, 0, 0, 0);
			return new TrainingData(manager, nClasses, size, channels, image, labels, labelArrays, pool, labeledPool[0], labeledPool[1], validation, fingerprint);
		}
		catch (final RuntimeException e) {
			manager.close();
			throw e;
		}
	}

	/** @return number of classes, background included */
	public int classes() {
		return classes;
	}

	/** @return network input size */
	public int size() {
		return size;
	}

	/** @return the channels of every image (1 unless the images have several modalities) */
	public int channels() {
		return channels;
	}

	/** @return the labeled slices' images {@code (K, 1, S, S)} in [0, 1]: one slice, the exemplar, unless a labeled set was given */
	public NDArray exemplarImage() {
		return exemplarImage;
	}

	/** @return the labeled slices' labels {@code (K, 1, S, S)} as floats (for warping) */
	public NDArray exemplarLabels() {
		return exemplarLabels;
	}

	/** @return each labeled slice's labels at network size, x fastest */
	public int[][] exemplarLabelArrays() {
		return exemplarLabelArrays;
	}

	/** @return the number K of labeled slices (1 for one exemplar) */
	public int labeledCount() {
		return exemplarLabelArrays.length;
	}

	/** @return the unlabeled slices {@code (N, 1, S, S)} */
	public NDArray pool() {
		return pool;
	}

	/** @return number of unlabeled slices */
	public int poolSize() {
		return (int) pool.getShape().get(0);
	}

	/** @return further labeled slices {@code (N, 1, S, S)} (fully supervised training only) */
	public NDArray labeledPoolImages() {
		return labeledPoolImages;
	}

	/** @return their labels {@code (N, 1, S, S)} as floats */
	public NDArray labeledPoolLabels() {
		return labeledPoolLabels;
	}

	/** @return number of further labeled slices */
	public int labeledPoolSize() {
		return (int) labeledPoolImages.getShape().get(0);
	}

	public List<ValidationCase> validation() {
		return validation;
	}

	/** @return a checksum of the exemplar, the pool sizes and the geometry, to tell whether a checkpoint fits these inputs */
	public long fingerprint() {
		return fingerprint;
	}

	/** @return the manager that owns this data's tensors */
	public NDManager manager() {
		return manager;
	}

	@Override
	public void close() {
		manager.close();
	}

	/** @return the normalised slices of all images, resized to {@code size} on the device: {@code (N, 1, S, S)} */
	private static NDArray resizedSlices(final List<ImageInput> images, final int w, final int h, final int size, final Normalization normalization,
		final NDManager manager)
	{
		final List<NDArray> parts = new ArrayList<>();
		for (final ImageInput u : images) {
			checkSize(u, w, h);
			parts.add(resize(SliceData.readNormalised(u, normalization), u, size, manager));
		}
		return concat(parts, size, manager);
	}

	/** @return images and labels (as floats) of labeled slices, each {@code (N, 1, S, S)} */
	private static NDArray[] labeledSlices(final List<ImageInput> images, final int classes, final int w, final int h, final int size,
		final Normalization normalization, final NDManager manager)
	{
		final List<NDArray> imageParts = new ArrayList<>(), labelParts = new ArrayList<>();
		for (final ImageInput l : images) {
			checkSize(l, w, h);
			imageParts.add(resize(SliceData.readNormalised(l, normalization), l, size, manager));
			labelParts.add(resizeLabels(SliceData.readLabels(l, classes), l, size, manager));
		}
		return new NDArray[] { concat(imageParts, size, manager), concat(labelParts, size, manager) };
	}

	/** @return the label slices of one image resized ({@link LabelResize}), as floats in one tensor {@code (N, 1, S, S)} */
	private static NDArray resizeLabels(final int[][] labels, final ImageInput input, final int size, final NDManager manager) {
		final int iw = (int) input.image().dimension(0), ih = (int) input.image().dimension(1);
		final float[] all = new float[labels.length * size * size];
		for (int z = 0; z < labels.length; z++) {
			final int[] resized = LabelResize.resize(labels[z], iw, ih, size, size);
			for (int i = 0; i < resized.length; i++) all[z * size * size + i] = resized[i];
		}
		return manager.create(all, new Shape(labels.length, 1, size, size));
	}

	/** Puts the slices of one image into one tensor {@code (N, C, S, S)} and resizes it (antialiased bilinear). */
	private static NDArray resize(final float[][] slices, final ImageInput input, final int size, final NDManager manager) {
		final int iw = (int) input.image().dimension(0), ih = (int) input.image().dimension(1), c = input.channelCount();
		final int length = c * iw * ih;
		final float[] all = new float[slices.length * length];
		for (int z = 0; z < slices.length; z++) System.arraycopy(slices[z], 0, all, z * length, length);
		try (NDManager scope = manager.newSubManager()) { // frees the copy at native size and the steps between
			final NDArray atNativeSize = scope.create(all, new Shape(slices.length, c, ih, iw));
			final NDArray resized = Resampling.bilinear(atNativeSize, size, size).clip(0f, 1f);
			resized.attach(manager);
			return resized;
		}
	}

	/** @return the parts in one tensor; the parts themselves are freed (they would double the data's memory until training ends) */
	private static NDArray concat(final List<NDArray> parts, final int size, final NDManager manager) {
		if (parts.isEmpty()) return manager.zeros(new Shape(0, 1, size, size));
		if (parts.size() == 1) return parts.get(0);
		final NDArray all = NDArrays.concat(new NDList(parts), 0);
		for (final NDArray p : parts) p.close();
		return all;
	}

	private static void checkClassesPresent(final String name, final int[] labels, final int classes, final int[] declared) {
		final long[] counts = new long[classes];
		for (final int v : labels) counts[v]++;
		if (declared != null) {
			final boolean[] said = new boolean[classes];
			for (final int c : declared) {
				if (c < 0 || c >= classes) throw new InvalidInputException("exemplarClasses lists class " + c + ", outside 0.." + (classes - 1));
				said[c] = true;
			}
			for (int c = 0; c < classes; c++) {
				if (said[c] && counts[c] == 0) throw new InvalidInputException("exemplarClasses says class " + c + " is in the exemplar, but the label image of '" + name + "' has no pixel of it");
				if (!said[c] && counts[c] > 0) throw new InvalidInputException("the label image of '" + name + "' has " + counts[c] + " pixels of class " + c + ", which exemplarClasses does not list");
			}
			return;
		}
		final List<Integer> missing = new ArrayList<>();
		for (int c = 0; c < classes; c++) if (counts[c] == 0) missing.add(c);
		if (!missing.isEmpty())
			throw new InvalidInputException("class" + (missing.size() > 1 ? "es " : " ") + missing + " of 0.." + (classes - 1) + " do" + (missing.size() > 1 ? "" : "es")
				+ " not occur in the exemplar label image of '" + name + "'. The exemplar must show every structure once; if a class really is absent, list the classes present with exemplarClasses");
	}

	/** @throws InvalidInputException naming the first input whose number of channels differs from the first labeled image's */
	private static void checkChannels(final TrainingInputs inputs, final int channels) {
		final List<ImageInput> all = new ArrayList<>(inputs.labeled());
		all.addAll(inputs.unlabeled());
		all.addAll(inputs.validation());
		all.addAll(inputs.labeledPool());
		for (final ImageInput i : all)
			if (i.channelCount() != channels)
				throw new InvalidInputException("image '" + i.name() + "' has " + i.channelCount() + " channel(s), the exemplar '" + inputs.exemplar().name() + "' "
					+ channels + ": every image needs the same channels (modalities), in the same order");
	}

	private static int[] concatenated(final List<int[]> parts) {
		int n = 0;
		for (final int[] p : parts) n += p.length;
		final int[] all = new int[n];
		int at = 0;
		for (final int[] p : parts) {
			System.arraycopy(p, 0, all, at, p.length);
			at += p.length;
		}
		return all;
	}

	private static void checkClassesSurviveResize(final String name, final int[] before, final int[] after, final int classes, final int size) {
		final boolean[] was = new boolean[classes], is = new boolean[classes];
		for (final int v : before) was[v] = true;
		for (final int v : after) is[v] = true;
		for (int c = 0; c < classes; c++)
			if (was[c] && !is[c]) throw new InvalidInputException("class " + c + " of the exemplar '" + name + "' vanishes when the exemplar is resized to the network size "
				+ size + "x" + size + "; use a larger imageSize");
	}

	private static void checkNotConstant(final String name, final float[] normalised) {
		for (final float v : normalised) if (v != normalised[0]) return;
		throw new InvalidInputException("the exemplar image '" + name + "' is constant; it cannot teach anything");
	}

	private static void checkSize(final ImageInput input, final int w, final int h) {
		final long iw = input.image().dimension(0), ih = input.image().dimension(1);
		final double rw = (double) iw / w, rh = (double) ih / h;
		if (rw > MAX_SIZE_RATIO || rw < 1 / MAX_SIZE_RATIO || rh > MAX_SIZE_RATIO || rh < 1 / MAX_SIZE_RATIO)
			throw new InvalidInputException("image '" + input.name() + "' is " + iw + "x" + ih + " pixels per slice, the exemplar " + w + "x" + h
				+ ": more than " + (int) MAX_SIZE_RATIO + "x apart. The network sees every slice at one size, so resample the images to a common pixel size first");
	}

	private static float[] toFloats(final int[] v) {
		final float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++) f[i] = v[i];
		return f;
	}

	private static long fingerprint(final float[] image, final int[] labels, final int poolSlices, final int labeledSlices, final int classes,
		final int size)
	{
		final CRC32 crc = new CRC32();
		final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * (image.length + labels.length) + 16);
		for (final float v : image) b.putFloat(v);
		for (final int v : labels) b.putInt(v);
		b.putInt(poolSlices).putInt(labeledSlices).putInt(classes).putInt(size);
		crc.update(b.array());
		return crc.getValue();
	}
}
