package io.gridwatch.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StateCodecTest {

  private static byte[] sample() {
    return StateCodec.writer("street-occupation", 2).writeInt(7).writeLong(-3L).writeDouble(0.25).writeFloat(1.5f)
        .writeBoolean(true).writeString("shop-12").writeBytes(new byte[] {1, 2, 3}).writeBytes(null).toBytes();
  }

  @Test
  void fieldsComeBackInTheOrderTheyWereWritten() {
    StateCodec.Reader r = StateCodec.reader(sample(), "street-occupation", 2);
    assertThat(r.version()).isEqualTo(2);
    assertThat(r.readInt()).isEqualTo(7);
    assertThat(r.readLong()).isEqualTo(-3L);
    assertThat(r.readDouble()).isEqualTo(0.25);
    assertThat(r.readFloat()).isEqualTo(1.5f);
    assertThat(r.readBoolean()).isTrue();
    assertThat(r.readString()).isEqualTo("shop-12");
    assertThat(r.readBytes(10)).containsExactly(1, 2, 3);
    assertThat(r.readBytes(10)).isNull();
  }

  @Test
  void stateOfAnotherDetectorIsRefusedNamingBoth() {
    assertThatThrownBy(() -> StateCodec.reader(sample(), "river", 1))
        .isInstanceOf(StateCodec.StateFormatException.class)
        .hasMessageContaining("street-occupation").hasMessageContaining("river");
  }

  @Test
  void aVersionNewerThanThisBuildKnowsIsRefused() {
    assertThatThrownBy(() -> StateCodec.reader(sample(), "street-occupation", 1))
        .isInstanceOf(StateCodec.StateFormatException.class).hasMessageContaining("version 2");
  }

  @Test
  void stateCutShortIsRefusedRatherThanReadAsZeros() {
    byte[] cut = Arrays.copyOf(sample(), sample().length - 6);
    StateCodec.Reader r = StateCodec.reader(cut, "street-occupation", 2);
    assertThatThrownBy(() -> {
      r.readInt();
      r.readLong();
      r.readDouble();
      r.readFloat();
      r.readBoolean();
      r.readString();
      r.readBytes(10);
      r.readBytes(10);
    }).isInstanceOf(StateCodec.StateFormatException.class).hasMessageContaining("cut short");
  }

  @Test
  void aCountBeyondItsBoundIsRefusedBeforeAnythingIsAllocated() {
    byte[] bytes = StateCodec.writer("river", 1).writeInt(Integer.MAX_VALUE).toBytes();
    assertThatThrownBy(() -> StateCodec.reader(bytes, "river", 1).readCount(1_000))
        .isInstanceOf(StateCodec.StateFormatException.class).hasMessageContaining("outside 0..1000");
  }

  @Test
  void bytesThatAreNotDetectorStateAreRefused() {
    assertThatThrownBy(() -> StateCodec.reader(new byte[] {0, 1, 2, 3, 4, 5, 6, 7}, "river", 1))
        .isInstanceOf(StateCodec.StateFormatException.class);
  }
}
