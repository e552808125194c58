// The kit's imports for a chapter in JJava or IJava (`%load imports.jsh`); the kit's own kernel starts with them.
import java.nio.file.*;
import java.util.function.*;
import java.util.stream.*;
import org.commakit.course.*;
import org.commakit.protocol.Preset;
import org.commakit.protocol.HarmonicMean;
import org.commakit.protocol.RecordedRun;
import org.commakit.clip.*;
import org.commakit.data.*;
import org.commakit.prompt.*;
import org.commakit.loss.*;
import org.commakit.train.*;
import ai.djl.ndarray.*;
import tech.tablesaw.api.*;
import tech.tablesaw.plotly.components.*;
import tech.tablesaw.plotly.traces.*;
