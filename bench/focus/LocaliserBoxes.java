import java.nio.file.*;
import java.util.*;
import sc.fiji.cmems.benchmark.AcdcData;
import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.model.*;
import sc.fiji.cmems.engine.infer.*;
import sc.fiji.cmems.io.imglib2.ImgSlices;

public class LocaliserBoxes {
  public static void main(String[] a) throws Exception {
    SegmentationModel m = ModelBundle.read(Paths.get(a[0]), ai.djl.Device.cpu());
    Segmenter loc = new Segmenter(m.localiser(), Ensemble.MEAN);
    FocusRecipe r0 = new FocusRecipe(0, 0);
    for (String line : Files.readAllLines(Paths.get(a[1]))) {
      if (line.isBlank()) continue;
      ImageInput v = AcdcData.read(Paths.get(a[2], line.trim() + ".h5"));
      int w=(int)v.image().dimension(0), h=(int)v.image().dimension(1), d=ImgSlices.count(v.image());
      var pred = loc.segment(v.image());
      int[] p=new int[w*h*d], g=new int[w*h*d];
      for(int z=0;z<d;z++){System.arraycopy(ImgSlices.readInts(pred,z),0,p,z*w*h,w*h);System.arraycopy(ImgSlices.readInts(v.labels(),z),0,g,z*w*h,w*h);}
      CropBox gb = Localisation.locate(g,w,h,d,r0,false);
      CropBox perClass = Localisation.locate(p,w,h,d,r0,true);
      int[] fg = new int[p.length]; for (int i=0;i<p.length;i++) fg[i]=p[i]>0?1:0;
      LargestComponents.keep(fg,w,h,d);
      int[] kept = new int[p.length]; for (int i=0;i<p.length;i++) kept[i]= fg[i]>0? p[i]:0;
      CropBox union = Localisation.locate(kept,w,h,d,r0,false);
      // per-slice 2D foreground component, median side over slices
      System.out.printf("%s truth %d | perClass %.2f | fgComponent %.2f  centre offset %.1f px%n", line.trim(), gb.side(), perClass.side()/(double)gb.side(), union.side()/(double)gb.side(),
        Math.hypot(union.x0()+union.side()/2.0-gb.x0()-gb.side()/2.0, union.y0()+union.side()/2.0-gb.y0()-gb.side()/2.0));
    }
  }
}
