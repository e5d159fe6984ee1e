package sc.fiji.cmems.engine.data;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;

/**
 * An image handed to the engine, 2D {@code (x, y)} or 3D {@code (x, y, z)},
 * with a name for messages, and optionally its label image of the same size.
 */
public final class ImageInput {

	private final String name;
	private final RandomAccessibleInterval<? extends RealType<?>> image;
	private final RandomAccessibleInterval<? extends IntegerType<?>> labels;

	private ImageInput(final String name, final RandomAccessibleInterval<? extends RealType<?>> image,
		final RandomAccessibleInterval<? extends IntegerType<?>> labels)
	{
		if (image == null) throw new IllegalArgumentException("image '" + name + "' is missing (null)");
		this.name = name;
		this.image = image;
		this.labels = labels;
	}

	/** An unlabeled image. */
	public static ImageInput of(final String name, final RandomAccessibleInterval<? extends RealType<?>> image) {
		return new ImageInput(name, image, null);
	}

	/** An image with its label image (values 0 = background, 1..C-1 = structures). */
	public static ImageInput labeled(final String name, final RandomAccessibleInterval<? extends RealType<?>> image,
		final RandomAccessibleInterval<? extends IntegerType<?>> labels)
	{
		if (labels == null) throw new IllegalArgumentException("label image of '" + name + "' is missing (null)");
		return new ImageInput(name, image, labels);
	}

	public String name() {
		return name;
	}

	public RandomAccessibleInterval<? extends RealType<?>> image() {
		return image;
	}

	/** @return the label image, or null for an unlabeled image */
	public RandomAccessibleInterval<? extends IntegerType<?>> labels() {
		return labels;
	}

	@Override
	public String toString() {
		return name;
	}
}
