#!/usr/bin/python3
"""GridWatch RTSP camera simulator: serves H.264 video files as live RTSP cameras.

    /usr/bin/python3 rtsp_camera_server.py --port 8554 --path cam-1=a.mp4 [--path cam-2=b.mp4]
        [--fps 25] [--address 127.0.0.1] [--user U (--password P | --password-env VAR)]
        [--exit-with-stdin]

Each file is demuxed and parsed ONCE into H.264 access units kept in memory; every path then
replays them through a live appsrc with steady timestamps (frame n at base + n / fps), looping
forever, like a camera that never stops. Nothing is decoded or re-encoded, which is why a served
stream costs about 1% of a core. One shared media per path: all clients of a path see the same
live stream, as with a real camera.

Prints exactly one line on stdout, "READY rtsp://ADDRESS:PORT/", once the server listens;
everything else goes to stderr. Exit codes: 0 after SIGTERM/SIGINT (or stdin closing with
--exit-with-stdin), 2 when a file, an argument or the port is at fault, 3 when GStreamer's RTSP
server is not installed for this Python.

Must run with Debian's /usr/bin/python3: the GStreamer bindings (python3-gi, python3-gst-1.0,
gir1.2-gst-rtsp-server-1.0) are Debian packages that other Pythons (pyenv, venvs) do not see.
"""

import argparse
import os
import signal
import sys

EXIT_BAD_INPUT = 2
EXIT_MISSING_DEPS = 3

try:
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtspServer
except (ImportError, ValueError) as e:
    print("error: GStreamer's RTSP server is not available to %s (%s); install the Debian packages "
          "python3-gi python3-gst-1.0 gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base "
          "gstreamer1.0-plugins-good gstreamer1.0-plugins-bad (scripts/install-system-deps.sh does)"
          % (sys.executable, e), file=sys.stderr, flush=True)
    sys.exit(EXIT_MISSING_DEPS)

# The shared tick that feeds every stream. 10 ms keeps frame jitter far below a frame interval
# while costing ~100 Python wake-ups per second in total, however many paths are served.
TICK_MS = 10
# A stream whose feeding is this far behind the clock (the process was paused with SIGSTOP, or
# starved of CPU) skips ahead instead of bursting out the missed frames: a frozen camera that
# comes back shows a gap in time, as a real one does.
MAX_LAG_NS = 500 * Gst.MSECOND


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class BadInput(Exception):
    """A file or argument the user must fix; the message names it."""


class Clip:
    """One file's H.264 access units, in byte-stream form with SPS/PPS before every key frame
    (config-interval=-1), so that a client joining at any key frame can decode from it."""

    def __init__(self, path, fps):
        self.path = path
        self.units = []  # Gst.Buffer per access unit, DELTA_UNIT flag kept from the parser
        self.width = self.height = 0
        file_fps = self._load()
        self.fps = fps or file_fps or Gst.Fraction(25, 1)
        self.frame_ns = Gst.util_uint64_scale(Gst.SECOND, self.fps.denom, self.fps.num)
        self.caps = Gst.Caps.from_string(
            "video/x-h264,stream-format=byte-stream,alignment=au,width=%d,height=%d,framerate=%d/%d"
            % (self.width, self.height, self.fps.num, self.fps.denom))

    def _load(self):
        if not os.path.isfile(self.path):
            raise BadInput("%s: video file not found" % self.path)
        # parsebin picks the demuxer (MP4, Matroska, MPEG-TS ...) and the parser; the caps
        # filter links only an H.264 stream, so anything else ends without samples.
        pipeline = Gst.parse_launch(
            "filesrc name=file ! parsebin ! video/x-h264 ! h264parse config-interval=-1 ! "
            "video/x-h264,stream-format=byte-stream,alignment=au ! appsink name=sink sync=false")
        pipeline.get_by_name("file").set_property("location", self.path)
        sink = pipeline.get_by_name("sink")
        bus = pipeline.get_bus()
        pipeline.set_state(Gst.State.PLAYING)
        file_fps = None
        last_pts = None
        try:
            while True:
                sample = sink.emit("try-pull-sample", Gst.SECOND)
                if sample is None:
                    if sink.get_property("eos"):
                        break
                    msg = bus.pop_filtered(Gst.MessageType.ERROR | Gst.MessageType.EOS)
                    if msg is not None and msg.type == Gst.MessageType.ERROR:
                        err, _ = msg.parse_error()
                        raise BadInput("%s: no H.264 video stream could be read (GStreamer: %s)"
                                       % (self.path, err.message))
                    if msg is not None:
                        break
                    continue
                buf = sample.get_buffer()
                if file_fps is None:
                    s = sample.get_caps().get_structure(0)
                    self.width = s.get_value("width") or 0
                    self.height = s.get_value("height") or 0
                    ok, num, den = s.get_fraction("framerate")
                    file_fps = Gst.Fraction(num, den) if ok and num > 0 and den > 0 else None
                if not self.units and buf.has_flags(Gst.BufferFlags.DELTA_UNIT):
                    continue  # start at a key frame: nothing before it can be decoded
                # Access units arrive in decoding order; with B-frames the presentation times
                # go back and forth, and replaying with steady times would show frames out of
                # order. ClipWriter (OpenH264) makes none.
                if buf.pts != Gst.CLOCK_TIME_NONE:
                    if last_pts is not None and buf.pts <= last_pts:
                        raise BadInput("%s: has B-frames (frames out of presentation order); re-encode "
                                       "without them, e.g. ffmpeg -i IN -c:v libx264 -bf 0 OUT.mp4"
                                       % self.path)
                    last_pts = buf.pts
                self.units.append(buf)
        finally:
            pipeline.set_state(Gst.State.NULL)
        if not self.units:
            raise BadInput("%s: has no H.264 video stream (the simulator replays H.264 without "
                           "re-encoding)" % self.path)
        return file_fps


class Feeder:
    """Pushes one clip into one media's appsrc, in real time, looping forever."""

    def __init__(self, clip, appsrc):
        self.clip = clip
        self.appsrc = appsrc
        self.base = None  # running time of frame 0
        self.n = 0  # frames pushed so far

    def tick(self):
        # Only in PLAYING does the element know its pipeline's base time. While the media is
        # being prepared it passes through PAUSED, where the "running time" can be the clock's
        # absolute time: a first frame stamped with it would hold the stream back for as long.
        if self.appsrc.get_state(0)[1] != Gst.State.PLAYING:
            return
        now = self.appsrc.get_current_running_time()
        if now == Gst.CLOCK_TIME_NONE:
            return
        if self.base is None:
            self.base = now
        due = self.base + self.n * self.clip.frame_ns
        # Behind (the process was paused or starved) or ahead (the pipeline's running time was
        # reset) by more than the slack: carry on from now, not from the old timeline.
        if now - due > MAX_LAG_NS or due - now > MAX_LAG_NS:
            self.base = now - self.n * self.clip.frame_ns
        while self.base + self.n * self.clip.frame_ns <= now:
            # A shallow copy shares the memory of the parsed unit; only the times differ.
            buf = self.clip.units[self.n % len(self.clip.units)].copy()
            buf.pts = buf.dts = self.base + self.n * self.clip.frame_ns
            buf.duration = self.clip.frame_ns
            self.n += 1
            if self.appsrc.emit("push-buffer", buf) != Gst.FlowReturn.OK:
                return  # flushing or shutting down; the media's "unprepared" removes us


class Server:
    def __init__(self, args, clips):
        self.clips = clips
        self.feeders = {}  # media -> Feeder
        self.server = GstRtspServer.RTSPServer()
        self.server.set_address(args.address)
        self.server.set_service(str(args.port))
        password = args.password
        if args.password_env:
            password = os.environ.get(args.password_env)
            if password is None:
                raise BadInput("--password-env: environment variable %s is not set" % args.password_env)
        permissions = None
        if args.user:
            if not password:
                raise BadInput("--user needs --password or --password-env")
            # Basic auth: a client without or with wrong credentials gets 401 Unauthorized.
            auth = GstRtspServer.RTSPAuth()
            token = GstRtspServer.RTSPToken()
            token.set_string("media.factory.role", "camera-user")
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, password), token)
            self.server.set_auth(auth)
            permissions = GstRtspServer.RTSPPermissions()
            permissions.add_permission_for_role("camera-user", "media.factory.access", True)
            permissions.add_permission_for_role("camera-user", "media.factory.construct", True)
        mounts = self.server.get_mount_points()
        for name, clip in clips.items():
            factory = GstRtspServer.RTSPMediaFactory()
            factory.set_launch("( appsrc name=src is-live=true format=time do-timestamp=false "
                               "! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )")
            factory.set_shared(True)  # one live pipeline per path, whatever the number of clients
            if permissions is not None:
                factory.set_permissions(permissions)
            factory.connect("media-configure", self.on_media_configure, name)
            mounts.add_factory("/" + name, factory)

    def on_media_configure(self, factory, media, name):
        appsrc = media.get_element().get_by_name("src")
        appsrc.set_property("caps", self.clips[name].caps)
        self.feeders[media] = Feeder(self.clips[name], appsrc)
        # The last client left: the server drops the media (and makes a new one for the next
        # client), so stop feeding it.
        media.connect("unprepared", lambda m: self.feeders.pop(m, None))

    def tick(self):
        for feeder in list(self.feeders.values()):
            feeder.tick()
        return True

    def run(self, args):
        try:
            self.server.attach(None)
        except GLib.Error as e:
            raise BadInput("cannot listen on %s port %s: %s" % (args.address, args.port, e.message))
        loop = GLib.MainLoop()
        GLib.timeout_add(TICK_MS, self.tick)

        def stop(*_):
            loop.quit()
            return GLib.SOURCE_REMOVE

        GLib.unix_signal_add(GLib.PRIORITY_HIGH, signal.SIGTERM, stop)
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, signal.SIGINT, stop)
        if args.exit_with_stdin:
            # The parent (a JVM) holds our stdin open; when it dies, even by SIGKILL, stdin
            # reaches end of file and we go too, so no orphaned server keeps the port.
            GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.PRIORITY_DEFAULT,
                              GLib.IOCondition.IN | GLib.IOCondition.HUP | GLib.IOCondition.ERR,
                              lambda ch, cond: stop() if not os.read(ch.unix_get_fd(), 4096) else True)
        host = args.address if args.address not in ("0.0.0.0", "::") else "127.0.0.1"
        for name, clip in self.clips.items():
            log("serving %s (%dx%d, %d frames at %s fps, looping) at rtsp://%s:%d/%s"
                % (clip.path, clip.width, clip.height, len(clip.units), clip.fps, host,
                   self.server.get_bound_port(), name))
        print("READY rtsp://%s:%d/" % (host, self.server.get_bound_port()), flush=True)
        loop.run()
        # Closing the pipelines sends clients end of stream (RTCP BYE); then the sockets close.
        for feeder in list(self.feeders.values()):
            feeder.appsrc.emit("end-of-stream")
        ctx = GLib.MainContext.default()
        deadline = GLib.get_monotonic_time() + 200_000
        while GLib.get_monotonic_time() < deadline:
            ctx.iteration(False)
        log("stopped")


def parse_args(argv):
    p = argparse.ArgumentParser(description="Serves H.264 video files as looping live RTSP cameras.")
    p.add_argument("--port", type=int, default=8554, help="RTSP port; 0 picks a free one (default 8554)")
    p.add_argument("--address", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--path", action="append", required=True, metavar="NAME=FILE",
                   help="serve FILE at rtsp://ADDRESS:PORT/NAME; repeatable")
    p.add_argument("--fps", type=float, help="frames per second (default: the file's, else 25)")
    p.add_argument("--user", help="require RTSP basic authentication with this user")
    p.add_argument("--password", help="the password (visible in ps; prefer --password-env)")
    p.add_argument("--password-env", metavar="VAR", help="read the password from this environment variable")
    p.add_argument("--exit-with-stdin", action="store_true", help="exit when stdin closes (parent died)")
    args = p.parse_args(argv)
    if not 0 <= args.port <= 65535:
        p.error("--port %d: must be 0-65535" % args.port)
    if args.fps is not None and not 0 < args.fps <= 240:
        p.error("--fps %s: must be more than 0 and at most 240" % args.fps)
    return args, p


def main(argv):
    args, parser = parse_args(argv)
    Gst.init(None)
    fps = None
    if args.fps is not None:
        num = round(args.fps * 1000)
        fps = Gst.Fraction(num // 1000, 1) if num % 1000 == 0 else Gst.Fraction(num, 1000)
    try:
        clips = {}
        for spec in args.path:
            name, sep, path = spec.partition("=")
            if not sep or not name or not path:
                raise BadInput("--path %s: expected NAME=FILE" % spec)
            if not all(c.isalnum() or c in "._-" for c in name):
                raise BadInput("--path %s: NAME may only have letters, digits, '.', '_' and '-'" % spec)
            if name in clips:
                raise BadInput("--path %s: path %s is given twice" % (spec, name))
            path = os.path.abspath(path)
            # Paths serving the same file share its access units (memory: ~the file's size).
            same = [c for c in clips.values() if c.path == path]
            clips[name] = same[0] if same else Clip(path, fps)
        Server(args, clips).run(args)
    except BadInput as e:
        log("error: %s" % e)
        return EXIT_BAD_INPUT
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
