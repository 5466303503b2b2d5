package dev.gatehouse.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** TLS 1.2 ClientHello records written byte by byte, for what a real client never sends: odd server names. */
final class ClientHellos {

    private ClientHellos() {
    }

    /** One record holding a ClientHello whose only extension is SNI with {@code serverName} as ISO-8859-1 bytes. */
    static byte[] withServerName(String serverName) {
        byte[] name = serverName.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream sni = new ByteArrayOutputStream();
        short16(sni, 0x0000);
        short16(sni, name.length + 5);
        short16(sni, name.length + 3);
        sni.write(0);
        short16(sni, name.length);
        sni.writeBytes(name);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(3);
        body.writeBytes(new byte[32]);
        body.write(0);
        short16(body, 2);
        short16(body, 0x002f);
        body.write(1);
        body.write(0);
        short16(body, sni.size());
        body.writeBytes(sni.toByteArray());
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.write(1);
        handshake.write(0);
        short16(handshake, body.size());
        handshake.writeBytes(body.toByteArray());
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);
        record.write(3);
        record.write(1);
        short16(record, handshake.size());
        record.writeBytes(handshake.toByteArray());
        return record.toByteArray();
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xff);
    }
}
