package sc.fiji.cmems.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.io.ChannelFiles;
import sc.fiji.cmems.io.FolderFiles;
import sc.fiji.cmems.io.formats.ImageReaders;
import sc.fiji.cmems.io.formats.LabelTiffWriter;
import sc.fiji.cmems.io.formats.LoadedImage;
import sc.fiji.cmems.io.formats.ReadOptions;

/**
 * Segments many files with one loaded model: each becomes
 * {@code <output>/<name>.tif}, a label TIFF with the input's calibration. A
 * file that fails for any reason, running out of memory included, is logged
 * and skipped; files already done can be skipped.
 */
public final class FolderSegmentation {

	private FolderSegmentation() {}

	/** Counts of one run. */
	public static final class Summary {

		public final int done, skipped, total;
		/** file name: reason */
		public final List<String> failures;
		/** the names of the files segmented and of those skipped (already done) */
		public final List<String> segmented, skippedFiles;
		public final boolean stopped;

		Summary(final List<String> segmented, final List<String> skippedFiles, final int total, final List<String> failures, final boolean stopped) {
			this.done = segmented.size();
			this.skipped = skippedFiles.size();
			this.segmented = Collections.unmodifiableList(segmented);
			this.skippedFiles = Collections.unmodifiableList(skippedFiles);
			this.total = total;
			this.failures = Collections.unmodifiableList(failures);
			this.stopped = stopped;
		}

		public int failed() {
			return failures.size();
		}

		/** @return e.g. "segmented 3, skipped 0 (already done), failed 1 of 4 file(s)" */
		public String text() {
			return "segmented " + done + ", skipped " + skipped + " (already done), failed " + failed() + " of " + total + " file(s)"
				+ (stopped ? "; stopped before the rest" : "");
		}
	}

	/** @return where the labels of {@code file} go */
	public static Path target(final Path output, final Path file) {
		return output.resolve(FolderFiles.baseName(file) + ".tif");
	}

	/**
	 * @param log receives one line per file
	 * @param filesDone told the number of files handled so far, or null
	 * @param stop polled between files, or null
	 */
	public static Summary run(final SegmentationModel model, final List<Path> files, final Path output, final boolean skipExisting, final Ensemble ensemble,
		final ReadOptions options, final Consumer<String> log, final IntConsumer filesDone, final BooleanSupplier stop) throws IOException
	{
		return run(new Segmenter(model, ensemble), files, output, skipExisting, options, log, filesDone, stop);
	}

	/** As above, with a segmenter set up by the caller (ensemble, largest component, batch size). */
	public static Summary run(final Segmenter segmenter, final List<Path> files, final Path output, final boolean skipExisting, final ReadOptions options,
		final Consumer<String> log, final IntConsumer filesDone, final BooleanSupplier stop) throws IOException
	{
		return run(segmenter, files, output, skipExisting, options, ChannelFiles.NONE, log, filesDone, stop);
	}

	/** As above, each file the first channel of an image whose other channels are files of their own ({@link ChannelFiles}). */
	public static Summary run(final Segmenter segmenter, final List<Path> files, final Path output, final boolean skipExisting, final ReadOptions options,
		final ChannelFiles channels, final Consumer<String> log, final IntConsumer filesDone, final BooleanSupplier stop) throws IOException
	{
		Files.createDirectories(output);
		int handled = 0;
		final List<String> failures = new ArrayList<>(), segmented = new ArrayList<>(), skipped = new ArrayList<>();
		boolean stopped = false;
		for (final Path file : files) {
			if (stop != null && stop.getAsBoolean()) {
				stopped = true;
				break;
			}
			final Path target = target(output, file);
			if (skipExisting && Files.exists(target)) {
				skipped.add(file.getFileName().toString());
				log.accept("skipped " + file + " (" + target.getFileName() + " exists)");
			}
			else {
				try {
					final LoadedImage image = ImageReaders.open(file, options);
					segmenter.warnings(w -> log.accept("WARNING " + file + ": " + w));
					final ImageInput input = channels.unlabeled(file, image, options);
					final ArrayImg<UnsignedShortType, ShortArray> labels = segmenter.segment(input);
					LabelTiffWriter.write(labels, image.getVoxelSize(), image.getUnit(), target);
					log.accept("segmented " + file + " -> " + target);
					segmented.add(file.getFileName().toString());
				}
				catch (final IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
					// an Error from one file (a huge image, a native stack overflow) must not end the run: its memory is free once we are here
					final String why = e instanceof Error ? e.getClass().getSimpleName() + " (" + e.getMessage() + ")"
						: String.valueOf(e.getMessage()).replace(file.toString() + ": ", "");
					log.accept("FAILED " + file + ": " + why);
					failures.add(file.getFileName() + ": " + why);
				}
			}
			handled++;
			if (filesDone != null) filesDone.accept(handled);
		}
		return new Summary(segmented, skipped, files.size(), failures, stopped);
	}
}
