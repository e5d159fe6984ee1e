package sc.fiji.cmems.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.io.formats.ImageReaders;
import sc.fiji.cmems.io.formats.LoadedImage;
import sc.fiji.cmems.io.formats.ReadOptions;

/**
 * Images of several channels stored one file per channel (the sequences of
 * an MRI study, as MyoPS stores them: {@code Case3001_C0.nii.gz},
 * {@code Case3001_LGE.nii.gz}, ...): a file named for the first channel's token
 * finds its other channels by that token replaced with theirs, and, when asked,
 * its label file by the label token ({@code Case3001_gd.nii.gz}). Label values
 * may be mapped to classes ({@code 200:2,500:3,600:1}: 0 stays background, a
 * value the map does not list is an error naming it).
 */
public final class ChannelFiles {

	/** One channel per file, labels as stored. */
	public static final ChannelFiles NONE = new ChannelFiles(Collections.emptyList(), null, null);

	private final List<String> tokens;
	private final String labelToken;
	private final Map<Long, Integer> labelMap;

	private ChannelFiles(final List<String> tokens, final String labelToken, final Map<Long, Integer> labelMap) {
		this.tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
		this.labelToken = labelToken;
		this.labelMap = labelMap;
	}

	/**
	 * @param channels the channels' tokens, comma-separated ({@code C0,LGE,T2}), or null for one channel
	 * @param labelToken the label file's token ({@code gd}), or null
	 * @param labelMap {@code value:class} pairs, comma-separated, or null to keep the stored labels
	 * @throws IllegalArgumentException naming the setting and its value
	 */
	public static ChannelFiles parse(final String channels, final String labelToken, final String labelMap) {
		final List<String> tokens = new ArrayList<>();
		if (channels != null && !channels.trim().isEmpty())
			for (final String t : channels.split(",")) {
				if (t.trim().isEmpty()) throw new IllegalArgumentException("channels= has an empty token: '" + channels + "'");
				tokens.add(t.trim());
			}
		if (labelToken != null && tokens.isEmpty()) throw new IllegalArgumentException("labelchannel=" + labelToken + " needs channels=<token>,... (the first names the files)");
		Map<Long, Integer> map = null;
		if (labelMap != null && !labelMap.trim().isEmpty()) {
			map = new LinkedHashMap<>();
			for (final String pair : labelMap.split(",")) {
				final String[] kv = pair.trim().split(":");
				try {
					if (kv.length != 2) throw new NumberFormatException();
					final long value = Long.parseLong(kv[0].trim());
					final int c = Integer.parseInt(kv[1].trim());
					if (value < 0 || c < 0 || c > 1000) throw new NumberFormatException();
					map.put(value, c);
				}
				catch (final NumberFormatException e) {
					throw new IllegalArgumentException("labelmap= must be value:class pairs such as 200:2,500:3 (classes 0..1000), had '" + pair.trim() + "'");
				}
			}
		}
		return new ChannelFiles(tokens, labelToken == null || labelToken.trim().isEmpty() ? null : labelToken.trim(), map);
	}

	/** @return the number of channels (1 without tokens) */
	public int count() {
		return Math.max(1, tokens.size());
	}

	/** @return the files of {@code first}'s channels, {@code first} first */
	public List<Path> files(final Path first) throws NoSuchFileException {
		if (tokens.isEmpty()) return Collections.singletonList(first);
		final List<Path> out = new ArrayList<>();
		for (final String t : tokens) out.add(sibling(first, t));
		return out;
	}

	/** @return the label file of {@code first} by the label token, or null when there is none */
	public Path labelFile(final Path first) throws NoSuchFileException {
		return labelToken == null ? null : sibling(first, labelToken);
	}

	/** @return an unlabeled image of its channels */
	public ImageInput unlabeled(final Path first, final ReadOptions options) throws IOException {
		return unlabeled(first, ImageReaders.open(first, options), options);
	}

	/** @return an unlabeled image of its channels, the first channel's file already read ({@code loaded}) */
	public ImageInput unlabeled(final Path first, final LoadedImage loaded, final ReadOptions options) throws IOException {
		final List<Path> files = files(first);
		if (files.size() == 1) return ImageInput.of(first.getFileName().toString(), loaded.getChannels());
		final List<RandomAccessibleInterval<? extends RealType<?>>> channels = new ArrayList<>();
		channels.add(loaded.getImage());
		for (final Path f : files.subList(1, files.size())) channels.add(ImageReaders.open(f, options).getImage());
		return ImageInput.of(first.getFileName().toString(), channels);
	}

	/** @return an image of its channels with its labels ({@code labels}, else the label token's file), mapped when a map was given */
	public ImageInput labeled(final Path first, final Path labels, final ReadOptions options) throws IOException {
		final Path labelPath = labels != null ? labels : labelFile(first);
		if (labelPath == null) throw new IllegalArgumentException("no label image for '" + first + "': give labels= (or labelchannel= with channels=)");
		final String name = first.getFileName().toString();
		final LoadedImage l = ImageReaders.open(labelPath, options);
		return ImageInput.labeled(name, read(first, options), mapped(LabelImages.asLabels(l.getImage(), labelPath.getFileName().toString()), labelPath));
	}

	private List<RandomAccessibleInterval<? extends RealType<?>>> read(final Path first, final ReadOptions options) throws IOException {
		final List<RandomAccessibleInterval<? extends RealType<?>>> channels = new ArrayList<>();
		for (final Path f : files(first)) channels.add(ImageReaders.open(f, options).getImage());
		return channels;
	}

	/** @return the labels with the map applied, or as they are without one */
	RandomAccessibleInterval<? extends IntegerType<?>> mapped(final RandomAccessibleInterval<? extends IntegerType<?>> labels, final Path file) {
		if (labelMap == null) return labels;
		final RandomAccessibleInterval<UnsignedShortType> out = ArrayImgs.unsignedShorts(Intervals.dimensionsAsLongArray(labels));
		final Cursor<? extends IntegerType<?>> in = Views.flatIterable(labels).localizingCursor();
		final Cursor<UnsignedShortType> o = Views.flatIterable(out).cursor();
		while (in.hasNext()) {
			final long v = in.next().getIntegerLong();
			final Integer c = v == 0 ? Integer.valueOf(0) : labelMap.get(v);
			if (c == null)
				throw new IllegalArgumentException("label image '" + file + "' has value " + v + " at " + Arrays.toString(in.positionAsLongArray())
					+ ", which labelmap= does not map to a class (it maps " + labelMap.keySet() + ")");
			o.next().setInteger(c);
		}
		return out;
	}

	private Path sibling(final Path first, final String token) throws NoSuchFileException {
		final String name = first.getFileName().toString();
		final int at = name.lastIndexOf(tokens.get(0));
		if (at < 0) throw new IllegalArgumentException("'" + first + "' does not hold the first channel's token '" + tokens.get(0) + "' (channels=" + String.join(",", tokens) + ")");
		final Path p = first.resolveSibling(name.substring(0, at) + token + name.substring(at + tokens.get(0).length()));
		if (!Files.isRegularFile(p)) throw new NoSuchFileException(p.toString(), null, "the file of channel '" + token + "' of '" + name + "' is missing");
		return p;
	}
}
