package sc.fiji.cmems.commands;

import ij.ImagePlus;

import java.io.File;
import java.util.function.BooleanSupplier;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.module.MutableModuleItem;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.task.TaskService;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;

import sc.fiji.cmems.engine.method.MethodDescriptor;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.jobs.TrainingJob;
import sc.fiji.cmems.jobs.TrainingListeners;
import sc.fiji.cmems.jobs.TrainingOptions;
import sc.fiji.cmems.report.ProgressPrinter;
import sc.fiji.cmems.ui.TrainingWindow;

/**
 * Plugins > Segmentation > CMEMS > Train from Exemplar: trains a model from one
 * labeled slice and unlabeled images. Shows the training window (live curves,
 * time left, Stop) when there is a display, else prints progress lines.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>CMEMS>Train from Exemplar", headless = true,
	description = "Trains a segmentation network from one annotated slice (or a few) and unlabeled images (CMEMS by default)")
public class TrainFromExemplar extends DynamicCommand {

	@Parameter(label = "Exemplar image (open)", description = "one labeled slice; or a stack, whose slices that hold a label in the label stack are all learnt from", required = false, autoFill = false, persist = false)
	ImagePlus exemplar;
	@Parameter(label = "Exemplar labels (open)", required = false, autoFill = false, persist = false)
	ImagePlus labels;
	@Parameter(label = "or exemplar image file", required = false, style = FileWidget.OPEN_STYLE, persist = false)
	File exemplarfile;
	@Parameter(label = "Exemplar label file (none: HDF5 with both)", required = false, style = FileWidget.OPEN_STYLE, persist = false)
	File labelsfile;
	@Parameter(label = "Unlabeled images (open stack)", required = false, autoFill = false, persist = false)
	ImagePlus unlabeled;
	@Parameter(label = "or unlabeled images folder", required = false, style = FileWidget.DIRECTORY_STYLE, persist = false)
	File unlabeledfolder;
	@Parameter(label = "File filter", description = "which files of the folders to use, e.g. *.tif or patient*.h5")
	String filter = "*";
	@Parameter(label = "Validation images folder (optional)", required = false, style = FileWidget.DIRECTORY_STYLE, persist = false)
	File validationfolder;
	@Parameter(label = "Validation labels folder (same file names; none: HDF5 with both)", required = false, style = FileWidget.DIRECTORY_STYLE, persist = false)
	File validationlabels;
	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE, persist = false)
	File model;
	@Parameter(label = "Method", initializer = "offerMethods")
	String method = TrainingMethods.DEFAULT;
	@Parameter(label = "Iterations", min = "1")
	int iterations = 2000;
	@Parameter(label = "Network image size (multiple of 16)", min = "16", stepSize = "16")
	int imagesize = 64; // RESULTS.md, "128x128 against 64x64": one-exemplar training at 128 scored far lower at CPU budgets
	@Parameter(label = "Exemplar copies per batch", min = "0")
	int exemplarbatch = 2;
	@Parameter(label = "Synthetic samples per batch", min = "0")
	int syntheticbatch = 6;
	@Parameter(label = "Unlabeled slices per batch", min = "1")
	int unlabeledbatch = 8;
	@Parameter(label = "Pseudo-label confidence threshold (CMEMS)", description = "cmems.threshold: used by the cmems method; other methods set their own settings under More settings", min = "0", max = "1", stepSize = "0.01")
	double threshold = 0.95;
	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	String device = "auto";
	@Parameter(label = "Random seed")
	long seed = 1;
	@Parameter(label = "Class names (background first, comma-separated)", required = false)
	String classnames = "";
	@Parameter(label = "More settings (key=value ...)", required = false, description = "any training setting by name, e.g. learningRate=0.005 cmems.rampUp=0.3")
	String advanced = "";
	@Parameter(visibility = ItemVisibility.INVISIBLE, required = false)
	String imagedataset = "image";
	@Parameter(visibility = ItemVisibility.INVISIBLE, required = false)
	String labeldataset = "label";

	@Parameter(label = "Model file", type = ItemIO.OUTPUT)
	String modelpath;

	@Parameter
	UIService ui;
	@Parameter(required = false)
	StatusService status;
	@Parameter(required = false)
	TaskService tasks;

	/** The method choices, from the registry: a new method appears here without a line in this command. */
	void offerMethods() {
		final MutableModuleItem<String> item = getInfo().getMutableInput("method", String.class);
		item.setChoices(TrainingMethods.offeredNames());
		// what each one does, from its descriptor: the dialog's tooltip and the macro recorder's help
		final StringBuilder help = new StringBuilder();
		for (final MethodDescriptor d : TrainingMethods.all())
			if (d.offered()) help.append(help.length() == 0 ? "" : "; ").append(d.name()).append(": ").append(d.description());
		item.setDescription(help.toString());
	}

	@Override
	public void run() {
		final TaskProgress task = new TaskProgress(tasks, status, "CMEMS training");
		TrainingWindow window = null;
		try {
			final TrainingSettings settings = options().toSettings();
			final TrainingRequest request = new TrainingRequest(this);
			TrainingJob.checkModelFile(model == null ? null : model.toPath());
			window = Feedback.windowsAllowed(ui) ? TrainingWindow.open(model.getName(), settings.classNames) : null;
			final TrainingWindow shown = window;
			final BooleanSupplier stop = () -> task.canceled() || shown != null && shown.panel().stopRequested();
			final TrainingJob.Outcome outcome = TrainingJob.train(request.inputs(), settings, model.toPath(),
				TrainingListeners.of(window != null ? window.panel() : new ProgressPrinter(System.out, null, 50), task), stop);
			modelpath = outcome.modelFile.toString();
			if (window != null) window.panel().finished(outcome.summary(), true);
			else System.out.println(outcome.summary());
		}
		catch (final Exception | LinkageError e) {
			if (window != null) window.panel().finished("Failed: " + Feedback.describe(e), false);
			Feedback.fail(this, ui, e);
		}
		finally {
			task.finish();
		}
	}

	/** @return this command's parameters as the engine's options; package-private for the test that they default alike */
	TrainingOptions options() {
		final TrainingOptions o = new TrainingOptions();
		o.method = method;
		o.iterations = iterations;
		o.imageSize = imagesize;
		o.exemplarBatch = exemplarbatch;
		o.syntheticBatch = syntheticbatch;
		o.unlabeledBatch = unlabeledbatch;
		o.threshold = threshold;
		o.device = device;
		o.seed = seed;
		o.classNames = classnames;
		o.advanced = advanced;
		return o;
	}
}
