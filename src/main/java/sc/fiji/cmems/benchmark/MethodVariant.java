package sc.fiji.cmems.benchmark;

import java.util.Arrays;
import java.util.List;

import sc.fiji.cmems.engine.method.CmemsSettings;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.train.TrainingSettings;

/**
 * The methods and ablations the benchmark compares (CMEMS.md, "What the engine
 * must let a user switch off"), each a training method plus switches.
 */
public enum MethodVariant {
	/** Exemplar only: the baseline. */
	SUPERVISED("supervised", "exemplar only"),
	/** Exemplar + synthetic copy-paste samples. */
	SUPERVISED_SYNTHETIC("supervised-synthetic", "+ synthetic"),
	/** + cross-model image perturbation (no feature perturbation). */
	CMEMS_IMAGE("cmems-image", "+ image perturbation"),
	/** + multi-level feature perturbation: full CMEMS. */
	CMEMS("cmems", "+ feature perturbation (full CMEMS)"),
	/** Full CMEMS without synthetic samples (the labeled batch is exemplar copies only). */
	CMEMS_NO_SYNTHETIC("cmems-no-synthetic", "full CMEMS without synthetic samples"),
	/** Full CMEMS without the strong image perturbation (feature perturbation only). */
	CMEMS_FEATURE("cmems-feature", "full CMEMS without image perturbation"),
	/** Full CMEMS with class-wise adaptive thresholds (between 0.7 and 0.95) instead of the paper's single threshold, the default. */
	CMEMS_CLASSWISE("cmems-classwise", "full CMEMS with class-wise thresholds"),
	/** Full CMEMS with one network teaching itself. */
	CMEMS_SINGLE("cmems-single", "single model (self-training)"),
	/** All labeled training slices: the upper bound. */
	FULLY_SUPERVISED("fully-supervised", "fully supervised (upper bound)");

	private final String id;
	private final String description;

	MethodVariant(final String id, final String description) {
		this.id = id;
		this.description = description;
	}

	public String id() {
		return id;
	}

	public String description() {
		return description;
	}

	/** Sets the method and its switches on {@code s}. */
	public void apply(final TrainingSettings s) {
		switch (this) {
			case SUPERVISED:
				s.method = TrainingMethods.SUPERVISED;
				break;
			case SUPERVISED_SYNTHETIC:
				s.method = TrainingMethods.SUPERVISED_SYNTHETIC;
				break;
			case FULLY_SUPERVISED:
				s.method = TrainingMethods.FULLY_SUPERVISED;
				break;
			default:
				s.method = TrainingMethods.CMEMS;
				s.cmems.featurePerturbation = this != CMEMS_IMAGE;
				s.cmems.imagePerturbation = this != CMEMS_FEATURE;
				s.cmems.synthetic = this != CMEMS_NO_SYNTHETIC;
				if (this == CMEMS_CLASSWISE) s.cmems.thresholdMode = CmemsSettings.ThresholdMode.CLASSWISE;
				s.cmems.crossModel = this != CMEMS_SINGLE;
		}
	}

	/** @return the variant with this id */
	public static MethodVariant of(final String id) {
		for (final MethodVariant v : values()) if (v.id.equals(id.trim())) return v;
		throw new IllegalArgumentException("methods must be among " + ids() + ", was '" + id + "'");
	}

	public static List<String> ids() {
		return Arrays.asList(Arrays.stream(values()).map(MethodVariant::id).toArray(String[]::new));
	}
}
