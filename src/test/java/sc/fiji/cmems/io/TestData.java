package sc.fiji.cmems.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the real data sets that live outside the repository (see
 * {@code ../shared/data/README.md}): never copied into the project, read in
 * place. A missing folder skips the test, except under CI (environment
 * variable {@code CI} set), where it fails.
 */
public final class TestData {

	private TestData() {}

	/** ACDC HDF5 slices and volumes: {@code $ACDC_DIR}, default {@code ../shared/data/acdc}. */
	public static Path acdcDir() {
		return dir("ACDC_DIR", "../shared/data/acdc");
	}

	/** NIfTI brain images: {@code $NIFTI_DIR}, default {@code ../shared/data/nifti}. */
	public static Path niftiDir() {
		return dir("NIFTI_DIR", "../shared/data/nifti");
	}

	/** A file of a data folder that must be there once the folder is. */
	public static Path file(final Path dir, final String relative) {
		final Path p = dir.resolve(relative);
		assertTrue(Files.isRegularFile(p), "data file missing: " + p.toAbsolutePath());
		return p;
	}

	/** A committed test resource of this project, as a path. */
	public static Path resource(final Class<?> near, final String name) {
		final URL url = near.getResource(name);
		if (url == null) throw new AssertionError("test resource missing: " + name + " next to " + near.getName());
		try {
			return Paths.get(url.toURI());
		}
		catch (final URISyntaxException e) {
			throw new AssertionError(e);
		}
	}

	private static Path dir(final String variable, final String fallback) {
		final String value = System.getenv(variable);
		final Path p = value != null && !value.isEmpty() ? Paths.get(value) : Paths.get(fallback);
		if (!Files.isDirectory(p)) {
			final String msg = variable + " data folder not found: " + p.toAbsolutePath();
			if (System.getenv("CI") != null) fail(msg + " (CI is set, so real-data tests may not be skipped)");
			assumeTrue(false, msg + "; skipping");
		}
		return p;
	}
}
