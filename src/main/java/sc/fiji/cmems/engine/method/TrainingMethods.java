package sc.fiji.cmems.engine.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The registry of training methods: where a new method is added, with one
 * line in {@link #ALL}. Every list of methods the plugin shows is derived from
 * it.
 */
public final class TrainingMethods {

	/** Every method, in the order of the ablation ladder (the benchmark's reference, the exemplar-only baseline, first). */
	private static final List<MethodDescriptor> ALL = Collections.unmodifiableList(Arrays.asList( //
		SupervisedMethod.EXEMPLAR_ONLY, //
		SupervisedMethod.WITH_SYNTHETIC, //
		CmemsMethod.DESCRIPTOR, //
		MlbSegMethod.DESCRIPTOR, //
		CamlMethod.DESCRIPTOR, //
		SemiCmlMethod.DESCRIPTOR, //
		SupervisedMethod.FULLY_SUPERVISED));

	/** The exemplar-only baseline, which the benchmark reports every method against. */
	public static final String BASELINE = SupervisedMethod.EXEMPLAR_ONLY.name();

	/** The method a run uses unless told otherwise. */
	public static final String DEFAULT = CmemsMethod.DESCRIPTOR.name();

	private TrainingMethods() {}

	/** @return every method */
	public static List<MethodDescriptor> all() {
		return ALL;
	}

	/** @return the names of all methods */
	public static List<String> names() {
		final List<String> names = new ArrayList<>();
		for (final MethodDescriptor d : ALL) names.add(d.name());
		return names;
	}

	/** @return the names of the methods Fiji's Train from Exemplar offers */
	public static List<String> offeredNames() {
		final List<String> names = new ArrayList<>();
		for (final MethodDescriptor d : ALL) if (d.offered()) names.add(d.name());
		return names;
	}

	/** @return the method of this name */
	public static MethodDescriptor get(final String name) {
		for (final MethodDescriptor d : ALL) if (d.name().equals(name)) return d;
		throw new IllegalArgumentException("method must be one of " + names() + ", was '" + name + "'");
	}

	/** @return one line per method: name and description, for help texts */
	public static String describe() {
		final StringBuilder sb = new StringBuilder();
		for (final MethodDescriptor d : ALL) sb.append(String.format("  %-22s %s%n", d.name(), d.description()));
		return sb.toString();
	}
}
