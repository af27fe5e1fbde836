package io.epicenter.sync.protocol;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagesTest {

    @Test
    void framesAreByteExact() throws Exception {
        assertThat(Messages.step1(new byte[] {0})).containsExactly(0, 0, 1, 0);
        assertThat(Messages.step2(new byte[] {0, 0})).containsExactly(0, 1, 2, 0, 0);
        assertThat(Messages.permissionDenied("invalid token"))
                .containsExactly(0x02, 0x00, 0x0d, 0x69, 0x6e, 0x76, 0x61, 0x6c, 0x69, 0x64, 0x20, 0x74, 0x6f, 0x6b, 0x65, 0x6e);
        byte[] removal = Messages.awareness(new AwarenessUpdate(List.of(new AwarenessUpdate.Entry(101, 2, null))).encode());
        assertThat(removal).containsExactly(0x01, 0x08, 0x01, 0x65, 0x02, 0x04, 0x6e, 0x75, 0x6c, 0x6c);
        assertThat(Messages.parse(removal)).isInstanceOf(Message.Awareness.class);
    }

    @Test
    void parseKinds() throws Exception {
        assertThat(Messages.parse(new byte[] {0, 0, 1, 0})).isInstanceOf(Message.Step1.class);
        assertThat(Messages.parse(new byte[] {0, 2, 2, 0, 0})).isInstanceOf(Message.Update.class);
        assertThat(Messages.parse(new byte[] {3})).isInstanceOf(Message.QueryAwareness.class);
        assertThat(Messages.parse(new byte[] {102, 1, 2})).isInstanceOf(Message.SyncStatus.class);
        assertThat(Messages.parse(new byte[] {(byte) 0xc8, 0x01})).isEqualTo(new Message.Unknown(200));
    }

    @Test
    void malformedAndViolations() {
        assertThatThrownBy(() -> Messages.parse(new byte[0])).isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> Messages.parse(new byte[] {0, 9, 0})).isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> Messages.parse(new byte[] {0, 2, 5, 1})).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> Messages.parse(new byte[] {(byte) 0x80})).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> Messages.parse(new byte[] {0, 0, 2, 5, 1})).isInstanceOf(MalformedMessageException.class); // bad SV
        assertThatThrownBy(() -> Messages.parse(new byte[] {3, 0})).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> Messages.parse(new byte[] {1, 5, 1, 1, 1, 1, (byte) 0xff}))
                .isInstanceOf(MalformedMessageException.class); // invalid UTF-8
        byte[] ten = new byte[11];
        java.util.Arrays.fill(ten, (byte) 0xff);
        assertThatThrownBy(() -> Messages.parse(ten)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void jsonSyntax() {
        for (String ok : List.of("null", "{}", "[]", "{\"a\":[1,2.5,-3e+2,true,false,null,\"x\\u00e9\\n\"]}", " 0 ", "\"\"")) {
            assertThat(JsonSyntax.isValid(ok)).as(ok).isTrue();
        }
        for (String bad : List.of("", "{", "{a:1}", "[1,]", "01", "1.", "\"\\x\"", "nul", "{} {}", "\"a\nb\"", "[".repeat(200) + "]".repeat(200))) {
            assertThat(JsonSyntax.isValid(bad)).as(bad).isFalse();
        }
    }
}
