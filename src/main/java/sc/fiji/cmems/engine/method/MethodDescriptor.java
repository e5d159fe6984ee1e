package sc.fiji.cmems.engine.method;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the plugin says about a training method, in one place: its name,
 * what it is, what it needs, the loss terms and statistic it reports (with the
 * labels the progress lines and the training window show), its benchmark
 * variants, and how to make it. Every list of methods (Fiji's choices, the
 * command line, {@code cmems settings}, the benchmark's methods, the training
 * window's curves) is derived from the descriptors in {@link TrainingMethods}.
 */
public final class MethodDescriptor {

	/** What a reported loss term measures; decides how the training window draws it. */
	public enum Role {
		/** the loss on labeled samples */
		SUPERVISED,
		/** a loss on unlabeled images under image perturbation */
		IMAGE_PERTURBATION,
		/** a loss on unlabeled images under feature perturbation */
		FEATURE_PERTURBATION,
		/** a loss on unlabeled images between networks, or against a teacher */
		CONSISTENCY,
		/** a part of another term (cross-entropy, Dice), drawn like any other loss */
		PART,
		/** not a loss: a weight of the schedule, shown as a number, not as a curve */
		WEIGHT
	}

	/**
	 * A loss term. A method with several networks reports it once per network,
	 * its key followed by the network's number ({@code sup1}, {@code sup2}).
	 */
	public static final class Term {

		public final String key;
		public final String label;
		public final Role role;

		public Term(final String key, final String label, final Role role) {
			this.key = key;
			this.label = label;
			this.role = role;
		}
	}

	/**
	 * A per-class statistic shown with the progress, reported per network like
	 * a term ({@code pl1}): the progress shows the first network's.
	 */
	public static final class Statistic {

		public final String key;
		public final String label;

		public Statistic(final String key, final String label) {
			this.key = key;
			this.label = label;
		}

		/** @return the first network's values of it among a step's statistics, or null when the step has none */
		public float[] ofFirstNetwork(final Map<String, float[]> statistics) {
			return statistics.get(key + "1");
		}
	}

	/** A variant for the benchmark (an ablation): the method with some settings changed by name. */
	public static final class Variant {

		public final String id;
		public final String label;
		/** setting name to value, as {@code TrainingSettings.set} takes them */
		public final Map<String, String> settings;

		public Variant(final String id, final String label, final Map<String, String> settings) {
			this.id = id;
			this.label = label;
			this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
		}
	}

	/** Makes the method for one run. */
	public interface Factory {

		TrainingMethod create(MethodArguments arguments);
	}

	private final String name;
	private final String label;
	private final String description;
	private final boolean offered;
	private final boolean needsUnlabeled;
	private final boolean needsLabeledPool;
	private final List<Term> terms;
	private final Statistic progress;
	private final List<Variant> variants;
	private final String settingsKey;
	private final Class<? extends MethodSettings> settingsType;
	private final Factory factory;

	private MethodDescriptor(final Builder b) {
		this.name = b.name;
		this.label = b.label;
		this.description = b.description;
		this.offered = b.offered;
		this.needsUnlabeled = b.needsUnlabeled;
		this.needsLabeledPool = b.needsLabeledPool;
		this.terms = Collections.unmodifiableList(new ArrayList<>(b.terms));
		this.progress = b.progress;
		this.variants = Collections.unmodifiableList(new ArrayList<>(b.variants));
		this.settingsKey = b.settingsKey;
		this.settingsType = b.settingsType;
		this.factory = b.factory;
	}

	/** @param name used in settings, model bundles, the command line and macros */
	public static Builder named(final String name) {
		return new Builder(name);
	}

	/** @return the name used in settings, model bundles, the command line and macros */
	public String name() {
		return name;
	}

	/** @return a few words for tables, e.g. "exemplar only" */
	public String label() {
		return label;
	}

	/** @return one sentence for users */
	public String description() {
		return description;
	}

	/** @return whether Fiji's Train from Exemplar offers it (a method needing a labeled pool is a benchmark bound) */
	public boolean offered() {
		return offered;
	}

	/** @return whether it cannot train without unlabeled images */
	public boolean needsUnlabeled() {
		return needsUnlabeled;
	}

	/** @return whether it trains on a pool of labeled images beyond the exemplar */
	public boolean needsLabeledPool() {
		return needsLabeledPool;
	}

	/** @return the loss terms it reports, in order */
	public List<Term> terms() {
		return terms;
	}

	/** @return the term a reported key belongs to ({@code sup2} to {@code sup}), or null */
	public Term term(final String reported) {
		final String key = reported.replaceAll("[0-9]+$", "");
		for (final Term t : terms) if (t.key.equals(key)) return t;
		return null;
	}

	/** @return the per-class statistic shown with the progress, or null */
	public Statistic progress() {
		return progress;
	}

	/** @return the benchmark variants beside the method itself */
	public List<Variant> variants() {
		return variants;
	}

	/** @return the key of its settings ({@code cmems} for {@code cmems.threshold}), or null when it has none */
	public String settingsKey() {
		return settingsKey;
	}

	/** @return the class of its settings, or null */
	public Class<? extends MethodSettings> settingsType() {
		return settingsType;
	}

	/** @return its default settings, or null when it has none */
	public MethodSettings defaultSettings() {
		if (settingsType == null) return null;
		try {
			return settingsType.getDeclaredConstructor().newInstance();
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException(settingsType + " needs a public no-argument constructor", e);
		}
	}

	/** @return a new instance for one run */
	public TrainingMethod create(final MethodArguments arguments) {
		return factory.create(settingsKey == null ? arguments : arguments.forMethod(settingsKey));
	}

	@Override
	public String toString() {
		return name;
	}

	/** Builds a descriptor; name, label, description and factory are required. */
	public static final class Builder {

		private final String name;
		private String label, description;
		private boolean offered = true, needsUnlabeled, needsLabeledPool;
		private final List<Term> terms = new ArrayList<>();
		private Statistic progress;
		private final List<Variant> variants = new ArrayList<>();
		private String settingsKey;
		private Class<? extends MethodSettings> settingsType;
		private Factory factory;

		Builder(final String name) {
			if (name == null || !name.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("a method name is lower case letters, digits and '-', was '" + name + "'");
			this.name = name;
		}

		public Builder label(final String label) {
			this.label = label;
			return this;
		}

		public Builder description(final String description) {
			this.description = description;
			return this;
		}

		/** Not offered in Fiji's Train from Exemplar (it needs inputs that command does not take). */
		public Builder notOffered() {
			this.offered = false;
			return this;
		}

		public Builder needsUnlabeled() {
			this.needsUnlabeled = true;
			return this;
		}

		public Builder needsLabeledPool() {
			this.needsLabeledPool = true;
			return this;
		}

		public Builder term(final String key, final String label, final Role role) {
			terms.add(new Term(key, label, role));
			return this;
		}

		public Builder progress(final String key, final String label) {
			this.progress = new Statistic(key, label);
			return this;
		}

		/** @param settings alternating setting names and values */
		public Builder variant(final String id, final String label, final String... settings) {
			final Map<String, String> map = new LinkedHashMap<>();
			for (int i = 0; i + 1 < settings.length; i += 2) map.put(settings[i], settings[i + 1]);
			variants.add(new Variant(id, label, map));
			return this;
		}

		/**
		 * @param key the prefix of its settings' names ({@code cmems} for {@code cmems.threshold})
		 * @param type its settings, with a public no-argument constructor giving the defaults
		 */
		public Builder settings(final String key, final Class<? extends MethodSettings> type) {
			this.settingsKey = key;
			this.settingsType = type;
			return this;
		}

		public Builder factory(final Factory factory) {
			this.factory = factory;
			return this;
		}

		public MethodDescriptor build() {
			if (label == null || description == null || factory == null || terms.isEmpty())
				throw new IllegalStateException("method " + name + " needs a label, a description, its loss terms and a factory");
			return new MethodDescriptor(this);
		}
	}
}
