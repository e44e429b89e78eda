package io.gridwatch.ingest.source;

import io.gridwatch.contracts.config.Site;
import io.gridwatch.ingest.decode.DecoderFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The camera source: a Flink FLIP-27 source with one split per camera. Build it with {@link
 * #builder()}.
 *
 * <pre>{@code
 * CameraSource source = CameraSource.builder().site(site).build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "cameras").uid("camera-source");
 * // emits CameraEvent: sampled frames and connection status changes
 * }</pre>
 */
public final class CameraSource
    implements Source<CameraEvent, CameraSplit, CameraEnumeratorState>, ResultTypeQueryable<CameraEvent> {

  private static final long serialVersionUID = 1L;

  private final List<CameraSplit> cameras;
  private final boolean bounded;
  private final int queueCapacity;
  private final DecoderFactory decoders;
  private final SiteWatch watch;

  /**
   * Re-read the site file every {@code periodMs} while the job runs.
   *
   * @param siteFile absolute path of the site file
   * @param periodMs how often to look for changes
   */
  public record SiteWatch(String siteFile, long periodMs) implements java.io.Serializable {}

  private CameraSource(Builder b) {
    this.cameras = List.copyOf(b.cameras);
    this.bounded = b.bounded;
    this.queueCapacity = b.queueCapacity;
    this.decoders = b.decoders;
    this.watch = b.watch;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<CameraSplit> cameras() {
    return cameras;
  }

  @Override
  public Boundedness getBoundedness() {
    return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<CameraEvent, CameraSplit> createReader(SourceReaderContext readerContext) {
    return new CameraSourceReader(readerContext, decoders, queueCapacity);
  }

  @Override
  public SplitEnumerator<CameraSplit, CameraEnumeratorState> createEnumerator(
      SplitEnumeratorContext<CameraSplit> enumContext) {
    return new CameraEnumerator(enumContext, cameras, List.of(), bounded, watch);
  }

  @Override
  public SplitEnumerator<CameraSplit, CameraEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<CameraSplit> enumContext, CameraEnumeratorState checkpoint) {
    return new CameraEnumerator(enumContext, checkpoint.pending(), checkpoint.assigned(), bounded, watch);
  }

  @Override
  public SimpleVersionedSerializer<CameraSplit> getSplitSerializer() {
    return CameraSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<CameraEnumeratorState> getEnumeratorCheckpointSerializer() {
    return CameraEnumeratorStateSerializer.INSTANCE;
  }

  @Override
  public TypeInformation<CameraEvent> getProducedType() {
    return TypeInformation.of(CameraEvent.class);
  }

  /** Builds a {@link CameraSource}; {@link #build()} names what is missing. */
  public static final class Builder {
    private final List<CameraSplit> cameras = new ArrayList<>();
    private boolean bounded;
    private int queueCapacity = 4;
    private DecoderFactory decoders = DecoderFactory.standard(Duration.ofSeconds(10));
    private Site site;
    private SiteWatch watch;

    /** All cameras of a site, each sampled as its scene says; file cameras play in real time. */
    public Builder site(Site site) {
      this.site = site;
      cameras.addAll(CameraSplits.fromSite(site));
      return this;
    }

    /**
     * Follow changes of the site file while the job runs: cameras added, removed or changed
     * (source or scene) take effect within about {@code period}, without a job restart.
     */
    public Builder watchSite(Duration period) {
      if (site == null) {
        throw new IllegalStateException("watchSite needs a site: call site(...) first");
      }
      this.watch = new SiteWatch(site.file().toString(), period.toMillis());
      return this;
    }

    public Builder camera(CameraSplit camera) {
      cameras.add(Objects.requireNonNull(camera, "camera"));
      return this;
    }

    /** Ends when every (non-looping) file camera has been read; for replays and tests. */
    public Builder bounded(boolean bounded) {
      this.bounded = bounded;
      return this;
    }

    /** Frames each camera may have waiting for detection before the oldest is dropped. */
    public Builder queueCapacity(int capacity) {
      this.queueCapacity = capacity;
      return this;
    }

    public Builder decoders(DecoderFactory decoders) {
      this.decoders = Objects.requireNonNull(decoders, "decoders");
      return this;
    }

    public CameraSource build() {
      if (cameras.isEmpty() && watch == null) {
        throw new IllegalStateException("cameras are required but not provided: add a site or cameras");
      }
      if (queueCapacity < 1) {
        throw new IllegalStateException("queueCapacity must be >= 1, got " + queueCapacity);
      }
      long distinct = cameras.stream().map(CameraSplit::cameraId).distinct().count();
      if (distinct != cameras.size()) {
        throw new IllegalStateException("camera ids must be unique");
      }
      return new CameraSource(this);
    }
  }
}
