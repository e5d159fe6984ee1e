package sc.fiji.cmems.engine.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything a training run learns from: the labeled images (the exemplar,
 * one labeled 2D slice, or a labeled set: several labeled slices, or labeled
 * stacks whose slices that hold a label count), the unlabeled images, an
 * optional validation set of labeled images for model selection, and, for the
 * fully supervised upper bound only, a pool of further labeled images.
 */
public final class TrainingInputs {

	private final List<ImageInput> labeled;
	private final List<ImageInput> unlabeled;
	private final List<ImageInput> validation;
	private final List<ImageInput> labeledPool;

	/** One exemplar. */
	public TrainingInputs(final ImageInput exemplar, final List<ImageInput> unlabeled, final List<ImageInput> validation) {
		this(exemplar, unlabeled, validation, new ArrayList<>());
	}

	/**
	 * @param labeledPool further labeled images (2D or 3D), used only by the
	 *          fully supervised method
	 */
	public TrainingInputs(final ImageInput exemplar, final List<ImageInput> unlabeled, final List<ImageInput> validation,
		final List<ImageInput> labeledPool)
	{
		this(Collections.singletonList(require(exemplar)), unlabeled, validation, labeledPool);
	}

	/**
	 * @param labeled the labeled set: 2D slices or stacks, each with its label image
	 * @param labeledPool further labeled images used only by the fully supervised method
	 */
	public TrainingInputs(final List<ImageInput> labeled, final List<ImageInput> unlabeled, final List<ImageInput> validation,
		final List<ImageInput> labeledPool)
	{
		if (labeled == null || labeled.isEmpty()) throw new IllegalArgumentException("exemplar is missing");
		for (final ImageInput l : labeled) {
			require(l);
			if (l.labels() == null) throw new IllegalArgumentException("exemplar '" + l.name() + "' has no label image");
		}
		for (final ImageInput v : validation)
			if (v.labels() == null) throw new IllegalArgumentException("validation image '" + v.name() + "' has no label image");
		for (final ImageInput l : labeledPool)
			if (l.labels() == null) throw new IllegalArgumentException("labeled image '" + l.name() + "' has no label image");
		this.labeled = Collections.unmodifiableList(new ArrayList<>(labeled));
		this.unlabeled = Collections.unmodifiableList(new ArrayList<>(unlabeled));
		this.validation = Collections.unmodifiableList(new ArrayList<>(validation));
		this.labeledPool = Collections.unmodifiableList(new ArrayList<>(labeledPool));
	}

	private static ImageInput require(final ImageInput exemplar) {
		if (exemplar == null) throw new IllegalArgumentException("exemplar is missing");
		return exemplar;
	}

	/** @return the labeled images the methods learn from: the exemplar, or the labeled set */
	public List<ImageInput> labeled() {
		return labeled;
	}

	/** @return the first labeled image: the exemplar when there is one */
	public ImageInput exemplar() {
		return labeled.get(0);
	}

	public List<ImageInput> unlabeled() {
		return unlabeled;
	}

	public List<ImageInput> validation() {
		return validation;
	}

	/** @return further labeled images (for the fully supervised upper bound), usually empty */
	public List<ImageInput> labeledPool() {
		return labeledPool;
	}
}
