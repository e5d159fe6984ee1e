package sc.fiji.cmems.engine.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.ImgSlices;
import sc.fiji.cmems.engine.data.InvalidInputException;
import sc.fiji.cmems.engine.data.LabelResize;
import sc.fiji.cmems.engine.data.Normalization;
import sc.fiji.cmems.engine.data.SliceData;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.model.FocusRecipe;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.tensor.Resampling;
import sc.fiji.cmems.engine.tensor.Warp;

/**
 * Segments 2D images and 3D stacks slice by slice: each slice is normalised,
 * resized to the network size, run through the networks in inference mode
 * (their softmax averaged, or one network), and the label map resized back to
 * the slice's native grid with nearest-neighbour sampling ({@link LabelResize}). Writes into an
 * output image the caller provides, so tiling and batch work need nothing
 * extra.
 * <p>
 * A two-stage model ({@link SegmentationModel#localiser()}) is applied as its
 * recipe says: the localiser segments the whole image, {@link Localisation}
 * puts a box around what it found (one box per image: a stack's box holds its
 * structures in every slice), this segmenter's networks segment the box's
 * pixels ({@link CropBox#crop}, a view), and their labels go back into the
 * native grid ({@link CropBox#paste}); outside the box is background. When the
 * localiser finds nothing, the result is its own (empty) label image and the
 * {@link #warnings} consumer is told.
 */
public final class Segmenter {

	private final List<SegmentationNetwork> networks;
	private final int classes;
	private final int size;
	private final Normalization normalization;
	private final NDManager base;
	/** The channels of the images the model was trained on. */
	private final int channels;
	/** Per network, the 0-based channels it reads; null where it reads all. */
	private final int[][] inputs;
	private int batchSize = 8;
	private boolean largestComponent = false;
	private final Segmenter localiser;
	private final FocusRecipe focus;
	private Consumer<String> warnings = w -> {};
	private boolean flips = false;
	private double[] zooms = {};

	/** Segments with a trained model. */
	public Segmenter(final SegmentationModel model, final Ensemble ensemble) {
		this(select(model, ensemble), model.info().classes, model.info().imageSize, model.info().normalization, model.manager(),
			model.localiser() == null ? null : new Segmenter(model.localiser(), Ensemble.MEAN), model.info().focus, model.info().network.inputChannels,
			selectInputs(model, ensemble));
		this.flips = model.info().testTimeFlips;
	}

	/**
	 * Segments with networks (for example while they train).
	 *
	 * @param base the manager under which per-batch scopes are opened (its device is used)
	 */
	public Segmenter(final List<SegmentationNetwork> networks, final int classes, final int size, final Normalization normalization,
		final NDManager base)
	{
		this(networks, classes, size, normalization, base, null, null, networks.get(0).settings().inputChannels, null);
	}

	/**
	 * Segments with networks that may each read some of the images' channels (for example while they train).
	 *
	 * @param channels the channels of the images
	 * @param inputs per network, the 0-based channels it reads, or null where it reads all; null when all read all
	 */
	public Segmenter(final List<SegmentationNetwork> networks, final int classes, final int size, final Normalization normalization,
		final NDManager base, final int channels, final int[][] inputs)
	{
		this(networks, classes, size, normalization, base, null, null, channels, inputs);
	}

	private Segmenter(final List<SegmentationNetwork> networks, final int classes, final int size, final Normalization normalization,
		final NDManager base, final Segmenter localiser, final FocusRecipe focus, final int channels, final int[][] inputs)
	{
		if (networks.isEmpty()) throw new IllegalArgumentException("no networks to segment with");
		this.localiser = localiser;
		this.focus = focus;
		this.networks = networks;
		this.classes = classes;
		this.size = size;
		this.normalization = normalization;
		this.base = base;
		this.channels = channels;
		this.inputs = inputs == null ? new int[networks.size()][] : inputs;
		if (this.inputs.length != networks.size()) throw new IllegalArgumentException(this.inputs.length + " input lists for " + networks.size() + " networks");
	}

	/** @return the channels (modalities) an image must have */
	public int channels() {
		return channels;
	}

	/**
	 * @param keep whether {@link #segment(RandomAccessibleInterval, RandomAccessibleInterval, IntConsumer)}
	 *          keeps only the largest connected component of each class ({@link LargestComponents}; off by default)
	 */
	public Segmenter largestComponent(final boolean keep) {
		this.largestComponent = keep;
		return this;
	}

	/** @param slices how many slices go through the networks at once (memory versus speed) */
	public Segmenter batchSize(final int slices) {
		if (slices < 1) throw new IllegalArgumentException("batch size must be at least 1, was " + slices);
		this.batchSize = slices;
		if (localiser != null) localiser.batchSize(slices);
		return this;
	}

	/** @param consumer told when a two-stage model's localiser finds nothing in an image (the image is not named; the caller knows it) */
	public Segmenter warnings(final Consumer<String> consumer) {
		this.warnings = consumer == null ? w -> {} : consumer;
		return this;
	}

	/**
	 * @param on whether each network also sees the slice flipped in x, in y and in both, its four softmax
	 *          maps (flipped back) averaged: test-time augmentation at four times the cost (a model's
	 *          default is {@link sc.fiji.cmems.engine.model.ModelInfo#testTimeFlips})
	 */
	public Segmenter flips(final boolean on) {
		this.flips = on;
		return this;
	}

	/** @return whether each network also sees the flipped slices */
	public boolean flips() {
		return flips;
	}

	/**
	 * @param zooms besides the slice itself, each network sees it zoomed about its centre by each factor (above 1: in,
	 *          below 1: out, the border read as 0), and the softmax maps, zoomed back, are added where they cover the
	 *          slice: test-time augmentation at {@code 1 + zooms.length} times the cost. None by default.
	 */
	public Segmenter zooms(final double... zooms) {
		for (final double z : zooms)
			if (!(z >= 0.5 && z <= 2)) throw new IllegalArgumentException("test-time zooms must be in [0.5, 2], was " + z);
		this.zooms = zooms.clone();
		return this;
	}

	/** @return whether this segmenter runs a localiser first */
	public boolean twoStage() {
		return localiser != null;
	}

	/** @return number of classes the labels range over */
	public int classes() {
		return classes;
	}

	/**
	 * Segments normalised slices of one size.
	 *
	 * @param slices each {@code channels * width * height} floats, channel after channel, x fastest
	 * @return one label array per slice
	 */
	public int[][] segmentSlices(final float[][] slices, final int width, final int height) {
		return segmentSlices(slices, width, height, channels, inputs);
	}

	private int[][] segmentSlices(final float[][] slices, final int width, final int height, final int channels, final int[][] inputs) {
		final int[][] out = new int[slices.length][];
		final int length = channels * width * height;
		for (int start = 0; start < slices.length; start += batchSize) {
			final int n = Math.min(batchSize, slices.length - start);
			final float[] all = new float[n * length];
			for (int i = 0; i < n; i++) {
				if (slices[start + i].length != length)
					throw new InvalidInputException("a slice has " + slices[start + i].length / (width * height) + " channel(s); the model reads " + channels);
				System.arraycopy(slices[start + i], 0, all, i * length, length);
			}
			final int[] labels = predict(all, n, width, height, channels, inputs);
			for (int i = 0; i < n; i++) out[start + i] = Arrays.copyOfRange(labels, i * width * height, (i + 1) * width * height);
		}
		return out;
	}

	/**
	 * Segments a 2D image or 3D stack into {@code output} (same size).
	 *
	 * @param sliceDone called with the number of slices done after each batch, or null
	 */
	public void segment(final RandomAccessibleInterval<? extends RealType<?>> image, final RandomAccessibleInterval<? extends IntegerType<?>> output,
		final IntConsumer sliceDone)
	{
		segment(ImageInput.of("image", image), output, sliceDone);
	}

	/**
	 * Segments an image of one or several channels (as many as the model reads) into {@code output} (its size).
	 *
	 * @param sliceDone called with the number of slices done after each batch, or null
	 */
	public void segment(final ImageInput input, final RandomAccessibleInterval<? extends IntegerType<?>> output, final IntConsumer sliceDone) {
		final RandomAccessibleInterval<? extends RealType<?>> image = input.image();
		if (!Arrays.equals(Intervals.dimensionsAsLongArray(image), Intervals.dimensionsAsLongArray(output)))
			throw new IllegalArgumentException("output is " + SliceData.format(Intervals.dimensionsAsLongArray(output)) + " but the image is "
				+ SliceData.format(Intervals.dimensionsAsLongArray(image)));
		final int[][] effective = inputsFor(input);
		if (localiser != null) segmentFocused(input, output, sliceDone, effective);
		else segmentWhole(input, output, sliceDone, effective);
		if (largestComponent) LargestComponents.keep(output);
	}

	/**
	 * @return which of {@code input}'s channels each network reads: the model's own choice when the image has the
	 *         model's channels, or, when every chosen network reads only some of them and the image has exactly those
	 *         (a network of one modality segmenting from that modality alone), the same channels renumbered
	 */
	private int[][] inputsFor(final ImageInput input) {
		if (input.channelCount() == channels) return inputs;
		final java.util.TreeSet<Integer> used = new java.util.TreeSet<>();
		boolean some = true;
		for (final int[] in : inputs) {
			if (in == null) some = false;
			else for (final int c : in) used.add(c);
		}
		if (!some || used.size() != input.channelCount())
			throw new InvalidInputException("image '" + input.name() + "' has " + input.channelCount() + " channel(s); the model reads " + channels
				+ (channels > 1 ? " (its modalities, in the order it was trained with)" : "")
				+ (some ? ", and the chosen network(s) " + used.size() + " of them (channels " + oneBased(used) + ")" : ""));
		final List<Integer> order = new ArrayList<>(used);
		final int[][] renumbered = new int[inputs.length][];
		for (int k = 0; k < inputs.length; k++) {
			renumbered[k] = new int[inputs[k].length];
			for (int i = 0; i < inputs[k].length; i++) renumbered[k][i] = order.indexOf(inputs[k][i]);
		}
		return renumbered;
	}

	private static String oneBased(final java.util.Collection<Integer> channels) {
		final List<Integer> out = new ArrayList<>();
		for (final int c : channels) out.add(c + 1);
		return out.toString();
	}

	/** @return the channels {@code which} of a batch {@code (N, C, H, W)}, in that order */
	static NDArray channelsOf(final NDArray x, final int[] which) {
		final NDList parts = new NDList();
		for (final int c : which) parts.add(x.get(":, {}:{}", c, c + 1));
		return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
	}

	private void segmentWhole(final ImageInput input, final RandomAccessibleInterval<? extends IntegerType<?>> output, final IntConsumer sliceDone,
		final int[][] effective)
	{
		final RandomAccessibleInterval<? extends RealType<?>> image = input.image();
		final float[][] slices = SliceData.readNormalised(input, normalization);
		final int width = (int) image.dimension(0), height = (int) image.dimension(1);
		for (int start = 0; start < slices.length; start += batchSize) {
			final int n = Math.min(batchSize, slices.length - start);
			final int[][] labels = segmentSlices(Arrays.copyOfRange(slices, start, start + n), width, height, input.channelCount(), effective);
			for (int i = 0; i < n; i++) ImgSlices.writeInts(output, start + i, labels[i]);
			if (sliceDone != null) sliceDone.accept(start + n);
		}
	}

	@SuppressWarnings("unchecked")
	private void segmentFocused(final ImageInput input, final RandomAccessibleInterval<? extends IntegerType<?>> output, final IntConsumer sliceDone,
		final int[][] effective)
	{
		final RandomAccessibleInterval<? extends RealType<?>> image = input.image();
		final int slices = ImgSlices.count(image);
		final int width = (int) image.dimension(0), height = (int) image.dimension(1), area = width * height;
		localiser.segment(input, output, null);
		final CropBox box = Localisation.locate(output, focus, true);
		if (box == null) {
			warnings.accept("the first stage found no structure in this image; its label image is the first stage's result");
			if (sliceDone != null) sliceDone.accept(slices);
			return;
		}
		final ImageInput boxPixels = ImageInput.of(input.name(), input.channels()).map(c -> box.crop(c));
		final ArrayImg<UnsignedShortType, ShortArray> inBox = ArrayImgs.unsignedShorts(Intervals.dimensionsAsLongArray(boxPixels.image()));
		segmentWhole(boxPixels, inBox, sliceDone == null ? null : done -> sliceDone.accept(Math.min(slices, box.firstSlice() + done)), effective);
		for (int z = 0; z < slices; z++) {
			final int[] slice = new int[area];
			if (z >= box.firstSlice() && z <= box.lastSlice()) box.paste(ImgSlices.readInts(inBox, z - box.firstSlice()), slice, width, height);
			ImgSlices.writeInts(output, z, slice);
		}
		if (sliceDone != null) sliceDone.accept(slices);
	}

	/** @return a new label image (16-bit) of the image's size */
	public ArrayImg<UnsignedShortType, ShortArray> segment(final RandomAccessibleInterval<? extends RealType<?>> image) {
		return segment(ImageInput.of("image", image));
	}

	/** @return a new label image (16-bit) of the size of an image of one or several channels */
	public ArrayImg<UnsignedShortType, ShortArray> segment(final ImageInput input) {
		final ArrayImg<UnsignedShortType, ShortArray> out = ArrayImgs.unsignedShorts(Intervals.dimensionsAsLongArray(input.image()));
		segment(input, out, null);
		return out;
	}

	/** The flips of test-time augmentation: x, y, both (axes of an {@code (N, C, H, W)} tensor). */
	private static final int[][] FLIPS = { { 3 }, { 2 }, { 2, 3 } };

	private int[] predict(final float[] pixels, final int n, final int width, final int height, final int channels, final int[][] inputs) {
		Djl.prepareThread();
		try (NDManager scope = base.newSubManager()) {
			final NDArray x = Resampling.bilinear(scope.create(pixels, new Shape(n, channels, height, width)), size, size).clip(0f, 1f);
			NDArray probabilities = null;
			for (int k = 0; k < networks.size(); k++) {
				final SegmentationNetwork net = networks.get(k);
				if (net.classes() != classes) throw new InvalidInputException("network predicts " + net.classes() + " classes, expected " + classes);
				final NDArray in = inputs[k] == null ? x : channelsOf(x, inputs[k]);
				NDArray p = net.forward(in, false, false).logits().softmax(1);
				if (flips)
					for (final int[] axes : FLIPS) p = p.add(net.forward(in.flip(axes), false, false).logits().softmax(1).flip(axes));
				for (final double zoom : zooms) {
					final NDArray zoomed = Warp.apply(in, zoom(n, 1 / zoom), null, Warp.Interpolation.BILINEAR, 0f);
					p = p.add(Warp.apply(net.forward(zoomed, false, false).logits().softmax(1), zoom(n, zoom), null, Warp.Interpolation.BILINEAR, 0f));
				}
				probabilities = probabilities == null ? p : probabilities.add(p);
			}
			final int[] small = probabilities.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
			final int[] out = new int[n * width * height];
			for (int i = 0; i < n; i++)
				System.arraycopy(LabelResize.resize(Arrays.copyOfRange(small, i * size * size, (i + 1) * size * size), size, size, width, height), 0, out,
					i * width * height, width * height);
			return out;
		}
	}

	/** @return {@code n} affine matrices (output to source) that read the slice at {@code factor} times the distance from its centre */
	private float[][] zoom(final int n, final double factor) {
		final float c = (size - 1) / 2f, f = (float) factor, t = c * (1 - f);
		final float[][] m = new float[n][];
		for (int i = 0; i < n; i++) m[i] = new float[] { f, 0, t, 0, f, t };
		return m;
	}

	/** @return the 0-based channels each network chosen by {@link #select} reads (null entries: all) */
	private static int[][] selectInputs(final SegmentationModel model, final Ensemble ensemble) {
		final List<Integer> chosen = ensemble == Ensemble.MEAN ? model.info().inferenceNetworks()
			: Collections.singletonList(ensemble == Ensemble.NETWORK_1 ? 0 : 1);
		final int[][] out = new int[chosen.size()][];
		for (int i = 0; i < out.length; i++) out[i] = model.info().inputsOf(chosen.get(i));
		return out;
	}

	private static List<SegmentationNetwork> select(final SegmentationModel model, final Ensemble ensemble) {
		final List<SegmentationNetwork> networks = model.networks();
		switch (ensemble) {
			case MEAN:
				final List<SegmentationNetwork> chosen = new ArrayList<>();
				for (final int k : model.info().inferenceNetworks()) chosen.add(networks.get(k));
				return chosen;
			case NETWORK_1:
				return Collections.singletonList(networks.get(0));
			default:
				if (networks.size() < 2) throw new IllegalArgumentException("ensemble model2 needs a model with two networks; this one has " + networks.size());
				return Collections.singletonList(networks.get(1));
		}
	}
}
