package sc.fiji.cmems.engine.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything a training run learns from: the exemplar (one labeled 2D slice),
 * the unlabeled images, an optional validation set of labeled images for
 * model selection, and, for the fully supervised upper bound only, a pool of
 * further labeled images.
 */
public final class TrainingInputs {

	private final ImageInput exemplar;
	private final List<ImageInput> unlabeled;
	private final List<ImageInput> validation;
	private final List<ImageInput> labeledPool;

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
		if (exemplar == null) throw new IllegalArgumentException("exemplar is missing");
		if (exemplar.labels() == null) throw new IllegalArgumentException("exemplar '" + exemplar.name() + "' has no label image");
		for (final ImageInput v : validation)
			if (v.labels() == null) throw new IllegalArgumentException("validation image '" + v.name() + "' has no label image");
		for (final ImageInput l : labeledPool)
			if (l.labels() == null) throw new IllegalArgumentException("labeled image '" + l.name() + "' has no label image");
		this.exemplar = exemplar;
		this.unlabeled = Collections.unmodifiableList(new ArrayList<>(unlabeled));
		this.validation = Collections.unmodifiableList(new ArrayList<>(validation));
		this.labeledPool = Collections.unmodifiableList(new ArrayList<>(labeledPool));
	}

	public ImageInput exemplar() {
		return exemplar;
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
