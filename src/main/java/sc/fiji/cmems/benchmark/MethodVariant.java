package sc.fiji.cmems.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.cmems.engine.method.MethodDescriptor;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.train.TrainingSettings;

/**
 * What the benchmark compares: every registered method as it is, and each
 * method's variants (the ablations of CMEMS.md, "What the engine must let a
 * user switch off"), all derived from the {@link MethodDescriptor}s.
 */
public final class MethodVariant {

	private final MethodDescriptor method;
	private final String id;
	private final String description;
	private final Map<String, String> settings;

	private MethodVariant(final MethodDescriptor method, final String id, final String description, final Map<String, String> settings) {
		this.method = method;
		this.id = id;
		this.description = description;
		this.settings = settings;
	}

	/** @return every method, then every variant, each method's after it */
	public static List<MethodVariant> all() {
		final List<MethodVariant> all = new ArrayList<>();
		for (final MethodDescriptor d : TrainingMethods.all()) {
			all.add(new MethodVariant(d, d.name(), d.label(), Collections.emptyMap()));
			for (final MethodDescriptor.Variant v : d.variants()) all.add(new MethodVariant(d, v.id, v.label, v.settings));
		}
		return all;
	}

	/** @return the registered methods as they are: the benchmark's default comparison */
	public static List<MethodVariant> methods() {
		final List<MethodVariant> out = new ArrayList<>();
		for (final MethodVariant v : all()) if (v.id.equals(v.method.name())) out.add(v);
		return out;
	}

	public String id() {
		return id;
	}

	public String description() {
		return description;
	}

	/** @return the method this is (a variant of) */
	public MethodDescriptor method() {
		return method;
	}

	/** Sets the method and the variant's settings on {@code s}. */
	public void apply(final TrainingSettings s) {
		s.method = method.name();
		for (final Map.Entry<String, String> e : settings.entrySet()) s.set(e.getKey(), e.getValue());
	}

	/** @return the variant with this id */
	public static MethodVariant of(final String id) {
		for (final MethodVariant v : all()) if (v.id.equals(id.trim())) return v;
		throw new IllegalArgumentException("methods must be among " + ids() + ", was '" + id + "'");
	}

	public static List<String> ids() {
		final List<String> ids = new ArrayList<>();
		for (final MethodVariant v : all()) ids.add(v.id);
		return ids;
	}

	/** @return each id with its description, for help texts */
	public static Map<String, String> descriptions() {
		final Map<String, String> out = new LinkedHashMap<>();
		for (final MethodVariant v : all()) out.put(v.id, v.description);
		return out;
	}

	@Override
	public String toString() {
		return id;
	}
}
