package sc.fiji.cmems.io.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

/** The size arithmetic every reader checks a header with: no product or sum of header fields can wrap round below the limit. */
class FileChecksTest {

	@Test
	void sizesSaturateInsteadOfWrappingRound() {
		assertEquals(6, FileChecks.times(2, 3));
		assertEquals(Long.MAX_VALUE, FileChecks.times(1L << 62, 1L << 31), "three HDF5 dimensions below 2^31 can exceed 2^63");
		assertEquals(Long.MAX_VALUE, FileChecks.times((long) Integer.MAX_VALUE * Integer.MAX_VALUE, 8), "a TIFF's width x height x 8 bytes");
		assertEquals(5, FileChecks.plus(2, 3));
		assertEquals(Long.MAX_VALUE, FileChecks.plus(Long.MAX_VALUE - 1, 5), "a TIFF's directories' pixels added up");
	}

	@Test
	void theLimitMessageNamesTheImageTheSizeTheLimitAndTheProperty() throws Exception {
		final Path file = Paths.get("x.h5");
		FileChecks.requireWithinLimit(file, "dataset 'image'", 1000, 1000);
		final ImageFormatException e = assertThrows(ImageFormatException.class, () -> FileChecks.requireWithinLimit(file, "dataset 'image'", Long.MAX_VALUE, 1000));
		assertTrue(e.getMessage().startsWith("x.h5: dataset 'image' would take more than 2^63 bytes, above the limit of 1000 bytes")
			&& e.getMessage().contains(ReadOptions.MAX_IMAGE_BYTES_PROPERTY), e.getMessage());
	}
}
