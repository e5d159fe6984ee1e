import java.nio.file.*;
import java.util.*;
import sc.fiji.cmems.engine.data.*;
import sc.fiji.cmems.engine.infer.*;
import sc.fiji.cmems.engine.metrics.Dice;
import sc.fiji.cmems.engine.model.*;
import sc.fiji.cmems.io.ChannelFiles;
import sc.fiji.cmems.io.formats.ReadOptions;

/**
 * Mean foreground Dice of a model of two MyoPS sequences (C0, LGE; labels gd mapped 600:RV, 200/1220/2221:Myo, 500:LV)
 * on a folder of MyoPS cases: both networks on both sequences, and network 1 from C0 alone, network 2 from LGE alone.
 * Compile against target/classes and the classpath of ./cmems (target/cmems-classpath.txt); arguments: the model, the
 * folder of the cases' files (flat: CaseNNNN_C0.nii.gz, _LGE, _gd).
 */
public class ModalityDice {
	public static void main(String[] a) throws Exception {
		final ChannelFiles ch = ChannelFiles.parse("C0,LGE", "gd", "200:2,500:3,600:1,1220:2,2221:2");
		try (SegmentationModel m = ModelBundle.read(Paths.get(a[0]), ai.djl.Device.cpu())) {
			final List<Path> files = new ArrayList<>();
			try (DirectoryStream<Path> s = Files.newDirectoryStream(Paths.get(a[1]), "*_C0.nii.gz")) { for (Path p : s) files.add(p); }
			Collections.sort(files);
			final String[] names = { "both networks, both sequences", "network 1 from C0 alone", "network 2 from LGE alone" };
			for (int mode = 0; mode < 3; mode++) {
				double sum = 0;
				for (final Path f : files) {
					final ImageInput in = ch.labeled(f, null, ReadOptions.defaults());
					final Segmenter seg = new Segmenter(m, mode == 0 ? Ensemble.MEAN : mode == 1 ? Ensemble.NETWORK_1 : Ensemble.NETWORK_2);
					final ImageInput x = mode == 0 ? in : ImageInput.of(f.getFileName().toString(), in.channels().get(mode - 1));
					final net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.integer.UnsignedShortType, ?> out = seg.segment(x);
					final int n = ImgSlices.count(in.image());
					final long[][] conf = new long[4][4];
					for (int z = 0; z < n; z++) Dice.accumulate(conf, ImgSlices.readInts(out, z), ImgSlices.readInts(in.labels(), z));
					sum += Dice.meanForeground(conf);
				}
				System.out.printf(Locale.ROOT, "%s: mean foreground Dice %.3f over %d cases%n", names[mode], sum / files.size(), files.size());
			}
		}
	}
}
