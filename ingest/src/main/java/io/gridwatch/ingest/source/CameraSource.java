package io.gridwatch.ingest.source;

import io.gridwatch.contracts.config.CameraConfig;
import io.gridwatch.contracts.config.SceneConfig;
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

  private CameraSource(Builder b) {
    this.cameras = List.copyOf(b.cameras);
    this.bounded = b.bounded;
    this.queueCapacity = b.queueCapacity;
    this.decoders = b.decoders;
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
    return new CameraEnumerator(enumContext, cameras, bounded);
  }

  @Override
  public SplitEnumerator<CameraSplit, CameraEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<CameraSplit> enumContext, CameraEnumeratorState checkpoint) {
    return new CameraEnumerator(enumContext, checkpoint.pending(), bounded);
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

    /** All cameras of a site, each sampled as its scene says; file cameras play in real time. */
    public Builder site(Site site) {
      for (CameraConfig camera : site.config().cameras()) {
        SceneConfig scene = site.scenes().get(camera.id());
        cameras.add(new CameraSplit(camera.id(), site.sourceOf(camera), camera.decoder(),
            Boolean.TRUE.equals(camera.loop()), true, scene.sampling().intervalMs(),
            camera.passwordEnv(), camera.passwordFile() == null ? null
                : site.file().getParent().resolve(camera.passwordFile()).toString()));
      }
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
      if (cameras.isEmpty()) {
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
