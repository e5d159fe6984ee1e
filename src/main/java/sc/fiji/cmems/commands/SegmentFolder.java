package sc.fiji.cmems.commands;

import ij.IJ;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.task.TaskService;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;

import sc.fiji.cmems.engine.device.DeviceChoice;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.io.FolderFiles;
import sc.fiji.cmems.io.OutputPaths;
import sc.fiji.cmems.io.formats.ReadOptions;
import sc.fiji.cmems.jobs.FolderSegmentation;
import sc.fiji.cmems.jobs.Shards;

/**
 * Plugins > Segmentation > CMEMS > Segment Folder: the model is loaded once and
 * every matching file becomes a label TIFF of the same name in the output
 * folder. A file that fails is logged and the others go on.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>CMEMS>Segment Folder", headless = true,
	description = "Segments every matching file of a folder into label TIFFs")
public class SegmentFolder extends ContextCommand {

	@Parameter(label = "Model file", style = FileWidget.OPEN_STYLE, persist = false)
	File model;
	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE, persist = false)
	File input;
	@Parameter(label = "File filter", description = "e.g. *.tif or *.nii.gz")
	String filter = "*";
	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE, persist = false)
	File output;
	@Parameter(label = "Skip files already segmented")
	boolean skipexisting = false;
	@Parameter(label = "Networks", choices = { "ensemble", "model1", "model2" })
	String ensemble = "ensemble";
	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	String device = "auto";
	@Parameter(label = "Keep the largest component of each class", description = "removes islands of a class away from its main object")
	boolean largestcomponent = false;
	@Parameter(visibility = ItemVisibility.INVISIBLE, required = false)
	String imagedataset = "image";
	@Parameter(label = "Shards", description = "for jobs that run apart: the files are split into this many shares (file k of the sorted list into share k mod shards)",
		min = "1", required = false)
	int shards = 1;
	@Parameter(label = "Shard", description = "which share this job segments, 0 to shards - 1; its record goes to cmems-shard-<shard>-of-<shards>.json in the output folder",
		min = "0", required = false)
	int shard = 0;

	@Parameter(label = "Summary", type = ItemIO.OUTPUT)
	String summary;

	@Parameter
	UIService ui;
	@Parameter(required = false)
	StatusService status;
	@Parameter(required = false)
	TaskService tasks;

	@Override
	public void run() {
		final TaskProgress task = new TaskProgress(tasks, status, "CMEMS segmentation");
		try {
			if (model == null || !model.isFile()) throw new IllegalArgumentException("model file not found: " + model);
			if (output == null) throw new IllegalArgumentException("no output folder given (output=<folder>)");
			OutputPaths.requireWritableFolder(output.toPath(), "output");
			final Shards share = new Shards(shards, shard);
			final java.util.List<java.nio.file.Path> files = share.of(FolderFiles.list(input == null ? null : input.toPath(), filter));
			try (SegmentationModel m = ModelBundle.read(model.toPath(), DeviceChoice.resolve(device).device())) {
				final FolderSegmentation.Summary s = FolderSegmentation.run(new Segmenter(m, Ensemble.parse(ensemble)).largestComponent(largestcomponent), files,
					output.toPath(), skipexisting, ReadOptions.defaults().withImageDataset(imagedataset), IJ::log, done -> task.progress(done, files.size(), "CMEMS: segmented " + done + " of " + files.size()),
					task::canceled);
				summary = s.text() + (s.failed() == 0 ? "" : "\nfailed:\n  " + String.join("\n  ", s.failures));
				if (shards > 1) share.write(s, share.record(output.toPath()));
				IJ.log(summary);
			}
		}
		catch (final Exception | LinkageError e) {
			Feedback.fail(this, ui, e);
		}
		finally {
			task.finish();
		}
	}
}
