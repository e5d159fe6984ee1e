package sc.fiji.cmems.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.cmems.engine.device.DeviceChoice;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.io.ChannelFiles;
import sc.fiji.cmems.io.OutputPaths;
import sc.fiji.cmems.io.formats.ReadOptions;
import sc.fiji.cmems.jobs.Arguments;
import sc.fiji.cmems.jobs.FolderSegmentation;
import sc.fiji.cmems.jobs.Shards;

/**
 * {@code cmems segment}: a model applied to one image or every matching file
 * of a folder ({@link FolderSegmentation}, as Fiji's Segment Folder); label
 * TIFFs (with the input's calibration) go to the output folder. A file that
 * fails is reported and skipped; the summary counts them, and the exit status
 * is then 2.
 */
final class SegmentCommand {

	static final String USAGE = "cmems segment model=<file.cmems> input=<file or folder> output=<folder> [filter=*]\n"
		+ "                   [ensemble=ensemble|model1|model2] [device=auto] [skipexisting=false] [largestcomponent=false] [imagedataset=image]\n"
		+ "                   [channels=C0,LGE,T2] (a model of several channels: the files of the first, the others by token)\n"
		+ "                   [threads=0] (CPU threads, 0: all cores) [shards=1 shard=0] [summary=<file.json>] (a cluster job's share: file k of the sorted list belongs to shard\n"
		+ "                   k mod shards; the shard's record goes to summary=, by default <output>/cmems-shard-<shard>-of-<shards>.json)";

	/** The keys it takes; each is in {@link #USAGE}. */
	static final List<String> KEYS = List.of("model", "input", "output", "filter", "ensemble", "device", "skipexisting", "largestcomponent", "imagedataset",
		"channels", "threads", "shards", "shard", "summary");

	private SegmentCommand() {}

	static int run(final Arguments args, final PrintStream out) throws IOException {
		final Path modelFile = args.path("model", null);
		if (modelFile == null) throw new IllegalArgumentException("missing argument model=<file.cmems>");
		final Path input = args.path("input", null);
		if (input == null) throw new IllegalArgumentException("missing argument input=<file or folder>");
		final Path output = args.path("output", null);
		if (output == null) throw new IllegalArgumentException("missing argument output=<folder>");
		final String filter = args.string("filter", "*");
		final Ensemble ensemble = Ensemble.parse(args.string("ensemble", "ensemble"));
		final String deviceName = args.string("device", "auto");
		final boolean skipExisting = args.flag("skipexisting", false);
		final boolean largestComponent = args.flag("largestcomponent", false);
		final ReadOptions options = ReadOptions.defaults().withImageDataset(args.string("imagedataset", "image"));
		final ChannelFiles channels = ChannelFiles.parse(args.string("channels", null), null, null);
		OutputPaths.requireWritableFolder(output, "output");
		final Shards shards = new Shards(args.integer("shards", 1), args.integer("shard", 0));
		final Path given = args.path("summary", null);
		final Path record = given != null ? given : shards.shards() > 1 ? shards.record(output) : null;
		final List<Path> files = shards.of(InputFiles.list(input, filter));
		final int threads = args.integer("threads", 0);
		if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0: all cores), was " + threads);
		if (threads > 0) Djl.setThreads(threads);
		final DeviceChoice device = DeviceChoice.resolve(deviceName);
		try (SegmentationModel model = ModelBundle.read(modelFile, device.device())) {
			final Segmenter segmenter = new Segmenter(model, ensemble).largestComponent(largestComponent);
			final FolderSegmentation.Summary summary = FolderSegmentation.run(segmenter, files, output, skipExisting, options, channels, out::println, null, null);
			out.println(summary.text() + (shards.shards() > 1 ? " (shard " + shards.shard() + " of 0.." + (shards.shards() - 1) + ")" : "")
				+ " with " + device.description());
			if (record != null) shards.write(summary, record);
			// a file that failed is a bad input, named on its line above
			return summary.failed() == 0 ? 0 : Main.BAD_INPUT;
		}
	}
}
