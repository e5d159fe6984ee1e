package sc.fiji.cmems.engine.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything a training run learns from: the exemplar (one labeled 2D slice),
 * the unlabeled images, and an optional validation set of labeled images for
 * model selection.
 */
public final class TrainingInputs {

	private final ImageInput exemplar;
	private final List<ImageInput> unlabeled;
	private final List<ImageInput> validation;

	public TrainingInputs(final ImageInput exemplar, final List<ImageInput> unlabeled, final List<ImageInput> validation) {
		if (exemplar == null) throw new IllegalArgumentException("exemplar is missing");
		if (exemplar.labels() == null) throw new IllegalArgumentException("exemplar '" + exemplar.name() + "' has no label image");
		for (final ImageInput v : validation)
			if (v.labels() == null) throw new IllegalArgumentException("validation image '" + v.name() + "' has no label image");
		this.exemplar = exemplar;
		this.unlabeled = Collections.unmodifiableList(new ArrayList<>(unlabeled));
		this.validation = Collections.unmodifiableList(new ArrayList<>(validation));
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
}
