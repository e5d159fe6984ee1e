package sc.fiji.cmems.engine.method;

/**
 * The settings of one training method, registered with its
 * {@link MethodDescriptor} under a key ({@code cmems}): the run's settings
 * hold one instance per registered method, named {@code key.field} on the
 * command line ({@code cmems.threshold=0.9}), in macros and in model bundles.
 * An implementation has public fields (as JSON stores them) and a public
 * no-argument constructor giving the defaults.
 */
public interface MethodSettings {

	/** @throws IllegalArgumentException naming the first bad setting as {@code key.field} and its value */
	void check();
}
