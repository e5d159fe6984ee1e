package sc.fiji.cmems.benchmark;

import java.util.List;
import java.util.Locale;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.ImgSlices;
import sc.fiji.cmems.engine.data.LabelResize;
import sc.fiji.cmems.engine.metrics.SegmentationMetrics;

/**
 * What a perfect network would score under the protocol at a given input size.
 * Training labels are each slice's ground truth resized to {@code S x S} with
 * nearest neighbour, and predictions come back to the native grid the same way
 * (PROTOCOL.md, "Inference"; both by {@link LabelResize}). So a network that reproduced its training labels
 * exactly would deliver the ground truth sent there and back: that round trip,
 * measured against the ground truth, is the ceiling that the image size alone
 * sets on every method.
 */
public final class ResolutionCeiling {

	private ResolutionCeiling() {}

	/**
	 * @param volumes labeled volumes
	 * @param size the network input size S
	 * @param classNames the names of the foreground classes 1..C-1
	 * @return the metrics of the round-tripped ground truth of every volume
	 */
	public static VolumeMetrics measure(final List<ImageInput> volumes, final int size, final List<String> classNames) {
		if (size < 1) throw new IllegalArgumentException("size must be positive, was " + size);
		final VolumeMetrics metrics = new VolumeMetrics(classNames);
		for (final ImageInput volume : volumes) {
			final ArrayImg<UnsignedShortType, ShortArray> roundTrip = ArrayImgs.unsignedShorts(Intervals.dimensionsAsLongArray(volume.labels()));
			final int width = (int) volume.labels().dimension(0), height = (int) volume.labels().dimension(1);
			for (int z = 0; z < ImgSlices.count(volume.labels()); z++)
				ImgSlices.writeInts(roundTrip, z, roundTrip(ImgSlices.readInts(volume.labels(), z), width, height, size));
			metrics.add(new VolumeMetrics.Row(volume.name(), SegmentationMetrics.compute(roundTrip, volume.labels(), classNames.size() + 1)));
		}
		return metrics;
	}

	/** @return a Markdown table, one row per size: per-class Dice mean ± std, mean Dice, mean HD95 and ASD */
	public static String table(final List<Integer> sizes, final List<VolumeMetrics> results) {
		final List<String> names = results.get(0).classNames();
		final StringBuilder sb = new StringBuilder("| input size |");
		for (final String n : names) sb.append(' ').append(n).append(" Dice |");
		sb.append(" mean Dice | mean HD95 | mean ASD |\n|---|");
		for (int c = 0; c < names.size() + 3; c++) sb.append("---|");
		sb.append('\n');
		for (int i = 0; i < sizes.size(); i++) {
			final VolumeMetrics m = results.get(i);
			sb.append("| ").append(sizes.get(i)).append('x').append(sizes.get(i)).append(" |");
			for (int c = 0; c < names.size(); c++) {
				final VolumeMetrics.Stat st = m.stat(0, c);
				sb.append(String.format(Locale.ROOT, " %.3f ± %.3f |", st.mean, st.std));
			}
			sb.append(String.format(Locale.ROOT, " **%.3f** | %.2f | %.2f |%n", m.meanOverClasses(0), m.meanOverClasses(1), m.meanOverClasses(2)));
		}
		return sb.toString();
	}

	/**
	 * @param labels one slice, x fastest
	 * @return the slice resized to {@code size x size} and back, as training
	 *         labels and predictions are ({@link LabelResize})
	 */
	static int[] roundTrip(final int[] labels, final int width, final int height, final int size) {
		return LabelResize.resize(LabelResize.resize(labels, width, height, size, size), size, size, width, height);
	}
}
