package sc.fiji.cmems.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * One thing to fuzz: a seed file, how its mutants are made, and the read
 * that must end cleanly on every mutant.
 */
public final class FuzzTarget {

	/** Reads a file completely (and uses it, where reading alone is not the whole story). */
	public interface Read {

		void read(Path file) throws Exception;
	}

	/** Makes mutant {@code index} of the seed. */
	public interface Mutator {

		byte[] mutant(byte[] seed, long index) throws IOException;
	}

	final String name;
	final String suffix;
	final byte[] seed;
	final Mutator mutator;
	final Read read;
	final Predicate<Throwable> clean;

	/**
	 * @param name shown in reports, e.g. {@code "nifti-gz"}
	 * @param suffix of the mutant files, which picks the reader, e.g. {@code ".nii.gz"}
	 * @param clean which failures are the project's own clear errors
	 */
	public FuzzTarget(final String name, final String suffix, final byte[] seed, final Mutator mutator, final Read read,
		final Predicate<Throwable> clean)
	{
		this.name = name;
		this.suffix = suffix;
		this.seed = seed;
		this.mutator = mutator;
		this.read = read;
		this.clean = clean;
	}

	/** Byte mutations ({@link Mutations}) of the whole file, most in its first {@code hot} bytes. */
	public static Mutator bytes(final int hot) {
		return (seed, index) -> Mutations.mutate(seed, index, hot);
	}

	@Override
	public String toString() {
		return name;
	}
}
