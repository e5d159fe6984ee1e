package sc.fiji.cmems.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;

/**
 * An image handed to the engine, 2D {@code (x, y)} or 3D {@code (x, y, z)},
 * with a name for messages, and optionally its label image of the same size.
 * It may have several channels (co-registered modalities, such as the
 * sequences of one MRI study): images of one size, one per channel.
 */
public final class ImageInput {

	/** The most channels an image may have. */
	public static final int MAX_CHANNELS = 16;

	private final String name;
	private final List<RandomAccessibleInterval<? extends RealType<?>>> channels;
	private final RandomAccessibleInterval<? extends IntegerType<?>> labels;

	private ImageInput(final String name, final List<? extends RandomAccessibleInterval<? extends RealType<?>>> channels,
		final RandomAccessibleInterval<? extends IntegerType<?>> labels)
	{
		if (channels == null || channels.isEmpty() || channels.contains(null)) throw new IllegalArgumentException("image '" + name + "' is missing (null)");
		if (channels.size() > MAX_CHANNELS) throw new IllegalArgumentException("image '" + name + "' has " + channels.size() + " channels, at most " + MAX_CHANNELS);
		final long[] first = Intervals.dimensionsAsLongArray(channels.get(0));
		for (int c = 1; c < channels.size(); c++)
			if (!Arrays.equals(first, Intervals.dimensionsAsLongArray(channels.get(c))))
				throw new InvalidInputException("the channels of '" + name + "' differ in size: channel 1 is " + SliceData.format(first) + ", channel " + (c + 1)
					+ " " + SliceData.format(Intervals.dimensionsAsLongArray(channels.get(c))) + "; co-registered images on one grid are needed");
		this.name = name;
		this.channels = Collections.unmodifiableList(new ArrayList<>(channels));
		this.labels = labels;
	}

	/** An unlabeled image. */
	public static ImageInput of(final String name, final RandomAccessibleInterval<? extends RealType<?>> image) {
		return new ImageInput(name, Collections.singletonList(image), null);
	}

	/** An unlabeled image of several channels, one image each. */
	public static ImageInput of(final String name, final List<? extends RandomAccessibleInterval<? extends RealType<?>>> channels) {
		return new ImageInput(name, channels, null);
	}

	/** An image with its label image (values 0 = background, 1..C-1 = structures). */
	public static ImageInput labeled(final String name, final RandomAccessibleInterval<? extends RealType<?>> image,
		final RandomAccessibleInterval<? extends IntegerType<?>> labels)
	{
		return labeled(name, Collections.singletonList(image), labels);
	}

	/** An image of several channels with its label image. */
	public static ImageInput labeled(final String name, final List<? extends RandomAccessibleInterval<? extends RealType<?>>> channels,
		final RandomAccessibleInterval<? extends IntegerType<?>> labels)
	{
		if (labels == null) throw new IllegalArgumentException("label image of '" + name + "' is missing (null)");
		return new ImageInput(name, channels, labels);
	}

	public String name() {
		return name;
	}

	/** @return the first channel (the image, when it has one) */
	public RandomAccessibleInterval<? extends RealType<?>> image() {
		return channels.get(0);
	}

	/** @return every channel, one image each, of one size */
	public List<RandomAccessibleInterval<? extends RealType<?>>> channels() {
		return channels;
	}

	/** @return the number of channels */
	public int channelCount() {
		return channels.size();
	}

	/** @return the label image, or null for an unlabeled image */
	public RandomAccessibleInterval<? extends IntegerType<?>> labels() {
		return labels;
	}

	/** @return this input with {@code view} applied to every channel (and to the labels, when it has them), e.g. a crop */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public ImageInput map(final UnaryOperator<RandomAccessibleInterval> view) {
		final List<RandomAccessibleInterval<? extends RealType<?>>> mapped = new ArrayList<>();
		for (final RandomAccessibleInterval<? extends RealType<?>> c : channels) mapped.add(view.apply(c));
		return new ImageInput(name, mapped, labels == null ? null : view.apply(labels));
	}

	@Override
	public String toString() {
		return name;
	}
}
