package io.gridwatch.ingest.sim.scenes;

import io.gridwatch.contracts.config.Homography;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.labels.LabelledEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Objects thrown from a building (高空抛物): a residential facade seen from below, so that its
 * top is narrower than its bottom. The facade is a plane with floors of {@value #FLOOR_M} m and
 * window columns of {@value #COLUMN_M} m, mapped to the image by a homography through the four
 * corners written to the scene file.
 *
 * <p><b>Events</b> (scene {@code throwing}): bottles, bags, boxes and tissues released from the
 * window of a known (floor, column), falling under gravity (9.81 m/s², with linear drag for light
 * things) in the facade's plane, projected through the camera each frame, 6-40 px; from the
 * release to the landing (behind the hedge at the foot of the facade) or to leaving the frame.
 * Tissues, leaves and paper fall slowly (terminal velocity 0.5-1.5 m/s) and sway: they are events
 * with {@code priority: low}, so that a detector may report them but is not penalised for missing
 * them. Leaves and paper are blown off the roof: they have no origin floor or column.
 *
 * <p><b>Nuisances</b> (scene {@code throwing}): birds flying level, rising, or gliding slowly
 * downward at constant speed; window lights switching; laundry swaying on a sill; insects as
 * large blurry blobs near the lens; a minute of rain; a camera shake of about a second; exposure
 * steps and ramps. Slow light drift runs all the time and is not labelled.
 *
 * <p>Events never overlap each other in time (at least 5 s apart), so that scoring can tell them
 * apart.
 */
public final class ThrowingSim implements SceneSim {

  public static final double FLOOR_M = 3.0;
  public static final double COLUMN_M = 3.5;
  public static final double G = 9.81;
  /** Objects below this height are hidden by the hedge at the foot of the facade. */
  static final double HEDGE_M = 0.6;

  @Override
  public String scene() {
    return "throwing";
  }

  @Override
  public Plan plan(long seed, int seconds, int width, int height) {
    return new Plan(seed, seconds, width, height);
  }

  /** One falling thing. Positions are facade metres; times are seconds after the release. */
  static final class Fall {
    String kind;
    boolean low;
    Integer floor;
    Integer column;
    double x0, y0, vx, vy;
    /** Terminal velocity in m/s; infinite for dense objects. */
    double vt;
    double swayA, swayW, swayPhase;
    double sizeM, aspect, spin, angle0, flipW;
    int colour;
    int startFrame, endFrame;

    double x(double t) {
      double drift = Double.isInfinite(vt) ? vx * t : vx * (vt / G) * (1 - Math.exp(-G * t / vt));
      return x0 + drift + swayA * (Math.sin(swayW * t + swayPhase) - Math.sin(swayPhase));
    }

    double y(double t) {
      if (Double.isInfinite(vt)) {
        return y0 + vy * t - 0.5 * G * t * t;
      }
      return y0 - vt * t + (vy + vt) * (vt / G) * (1 - Math.exp(-G * t / vt));
    }
  }

  static final class Bird {
    String kind;
    double x0, y0, vx, vy, size, flapHz, wobble;
    int colour;
    int startFrame, endFrame;
  }

  static final class Laundry {
    int floor, column;
    double w, h, a0, omega, phase, gustT, gustPhase;
    int colour, stripe;
    int startFrame, endFrame;
  }

  static final class Insect {
    double cx, cy, r, alpha;
    int colour;
    double[] ax = new double[3], fx = new double[3], px = new double[3];
    double[] ay = new double[3], fy = new double[3], py = new double[3];
    int startFrame, endFrame;
  }

  static final class Exposure {
    boolean step;
    double target, attack, hold, release;
    int startFrame, endFrame;
  }

  /** The toggles of one window's light. */
  static final class WindowLight {
    int floor, column;
    boolean initiallyLit;
    int[] toggles;
    int colour;
  }

  /** Background state kept per raster: which windows are painted lit. */
  private static final class LitState {
    final boolean[] lit;

    LitState(boolean[] lit) {
      this.lit = lit;
    }
  }

  public static final class Plan extends ScenePlan {

    private final int floors;
    private final int columns;
    private final double facadeW;
    private final double facadeH;
    /** Facade corners in the image: top-left, top-right, bottom-right, bottom-left. */
    private final double[] cornerX = new double[4];
    private final double[] cornerY = new double[4];
    private final Homography toImage;
    private final Homography toFacade;
    private final int wallColour;
    private final int frameColour;
    private final int[][] glass;
    private final boolean[][] acUnit;
    private final int skyTop;
    private final int skyBottom;
    private final double sigma;
    private final double driftA1, driftT1, driftP1, driftA2, driftT2, driftP2;

    final List<Fall> falls = new ArrayList<>();
    final List<Bird> birds = new ArrayList<>();
    final List<Laundry> laundry = new ArrayList<>();
    final List<Insect> insects = new ArrayList<>();
    final List<Exposure> exposures = new ArrayList<>();
    final List<WindowLight> windowLights = new ArrayList<>();
    private final boolean[] initiallyLit;
    private int rainStart = -1, rainEnd = -1;
    private double rainSlant, rainLength;
    private final List<int[]> shakes = new ArrayList<>(); // start, end, amplitude

    Plan(long seed, int seconds, int width, int height) {
      super(seed, seconds, width, height);
      SplittableRandom root = new SplittableRandom(seed);
      SplittableRandom geo = root.split();
      floors = 6 + geo.nextInt(9);
      columns = 4 + geo.nextInt(5);
      facadeW = columns * COLUMN_M;
      facadeH = floors * FLOOR_M;
      double bottomY = Math.round(height * uniform(geo, 0.90, 0.95));
      double topY = Math.round(height * uniform(geo, 0.04, 0.10));
      double bl = Math.round(width * uniform(geo, 0.08, 0.18));
      double br = Math.round(width * uniform(geo, 0.82, 0.92));
      double topW = (br - bl) * uniform(geo, 0.55, 0.72);
      double topC = (bl + br) / 2 + width * uniform(geo, -0.05, 0.05);
      cornerX[0] = Math.round(topC - topW / 2);
      cornerY[0] = topY + Math.round(height * uniform(geo, -0.01, 0.01));
      cornerX[1] = Math.round(topC + topW / 2);
      cornerY[1] = topY + Math.round(height * uniform(geo, -0.01, 0.01));
      cornerX[2] = br;
      cornerY[2] = bottomY;
      cornerX[3] = bl;
      cornerY[3] = bottomY;
      toImage = Homography.fromPoints(new double[] {0, facadeW, facadeW, 0}, new double[] {facadeH, facadeH, 0, 0},
          cornerX, cornerY);
      toFacade = toImage.inverse();

      int[] walls = {0xD8CBB5, 0xC9C4BC, 0xE3D6CF, 0xB9B2A6, 0xD6D0C4, 0xC7B49A, 0xAEB5B8};
      wallColour = walls[geo.nextInt(walls.length)];
      frameColour = geo.nextBoolean() ? 0xE6E6E2 : 0x8C8F92;
      glass = new int[floors][columns];
      acUnit = new boolean[floors][columns];
      int glassBase = geo.nextBoolean() ? 0x3C4A58 : 0x4A5258;
      for (int f = 0; f < floors; f++) {
        for (int c = 0; c < columns; c++) {
          glass[f][c] = Raster.mix(glassBase, geo.nextBoolean() ? 0x8FA6B8 : 0x202428, uniform(geo, 0, 0.45));
          acUnit[f][c] = geo.nextDouble() < 0.3;
        }
      }
      boolean overcast = geo.nextDouble() < 0.4;
      skyTop = overcast ? 0xA9B0B8 : 0x6F9ED8;
      skyBottom = overcast ? 0xD2D6DA : 0xBCD3EC;
      sigma = uniform(geo, 2.0, 3.2);
      driftA1 = uniform(geo, 0.02, 0.05);
      driftT1 = uniform(geo, 180, 600);
      driftP1 = uniform(geo, 0, 2 * Math.PI);
      driftA2 = uniform(geo, 0.01, 0.025);
      driftT2 = uniform(geo, 40, 120);
      driftP2 = uniform(geo, 0, 2 * Math.PI);

      scheduleFalls(root.split());
      scheduleBirds(root.split());
      initiallyLit = new boolean[floors * columns];
      scheduleWindowLights(root.split());
      scheduleLaundry(root.split());
      scheduleInsects(root.split());
      scheduleRain(root.split());
      scheduleShakes(root.split());
      scheduleExposures(root.split());
    }

    @Override
    public String scene() {
      return "throwing";
    }

    public int floors() {
      return floors;
    }

    public int columns() {
      return columns;
    }

    @Override
    public String sceneYaml(String cameraId, String gridId) {
      return """
          # Generated by gridwatch sim: scene throwing, seed %d, %dx%d.
          # Facade of %d floors x %d window columns (floor %.0f m, column %.1f m), seen from below.
          cameraId: %s
          gridId: %s
          scene: throwing
          sampling: {mode: full}
          throwing:
            facade: %s
            floors: %d
            columns: %d
          """.formatted(seed, width, height, floors, columns, FLOOR_M, COLUMN_M, cameraId, gridId,
          polygon(cornerX, cornerY), floors, columns);
    }

    // -------------------------------------------------------------------------------------------
    // Schedule

    private void scheduleFalls(SplittableRandom rnd) {
      String[] kinds = {"bottle", "bag", "box", "tissue", "leaf", "paper"};
      double[] weights = {0.26, 0.24, 0.20, 0.10, 0.10, 0.10};
      double t = uniform(rnd, 2, 25);
      int lastFrame = frames() - 1;
      while (t < seconds - 1) {
        double pick = rnd.nextDouble();
        int k = 0;
        for (double acc = weights[0]; pick > acc && k < kinds.length - 1; acc += weights[++k]) { }
        Fall fall = newFall(kinds[k], rnd);
        fall.startFrame = frameAt(t);
        if (!trace(fall) || fall.endFrame > lastFrame) {
          break; // does not finish inside the clip; keep the schedule simple and stop here
        }
        falls.add(fall);
        events.add(label(AlertScene.THROWING, fall.startFrame, fall.endFrame, null, fall.floor, fall.column, fall.kind,
            fall.low ? "low" : null));
        t = time(fall.endFrame) + uniform(rnd, 5, 60);
      }
    }

    private Fall newFall(String kind, SplittableRandom rnd) {
      Fall f = new Fall();
      f.kind = kind;
      f.vt = Double.POSITIVE_INFINITY;
      f.spin = uniform(rnd, -12, 12);
      f.angle0 = uniform(rnd, 0, Math.PI);
      boolean fromWindow = !kind.equals("leaf") && !kind.equals("paper");
      if (fromWindow) {
        f.floor = 2 + rnd.nextInt(Math.max(1, floors - 1));
        f.column = 1 + rnd.nextInt(columns);
        f.x0 = (f.column - 1) * COLUMN_M + uniform(rnd, 1.0, 2.5);
        f.y0 = (f.floor - 1) * FLOOR_M + uniform(rnd, 1.0, 1.6);
        f.vx = uniform(rnd, -1.5, 1.5);
        f.vy = uniform(rnd, -0.5, 2.0);
      } else {
        f.x0 = facadeW * uniform(rnd, 0.1, 0.9);
        f.y0 = facadeH + uniform(rnd, 0.0, 0.5);
        f.vx = uniform(rnd, -1.0, 1.0);
        f.vy = 0;
      }
      switch (kind) {
        case "bottle" -> {
          f.sizeM = uniform(rnd, 0.22, 0.32);
          f.aspect = 2.8;
          int[] c = {0x3C7A3A, 0x6B4A2A, 0xA8B8B0, 0x4060A0};
          f.colour = c[rnd.nextInt(c.length)];
        }
        case "bag" -> {
          f.sizeM = uniform(rnd, 0.30, 0.50);
          f.aspect = 1.25;
          f.vt = uniform(rnd, 8, 14);
          f.spin *= 0.3;
          int[] c = {0xE8E8E4, 0x202022, 0xB03028, 0x3050A0, 0x8A8A88};
          f.colour = c[rnd.nextInt(c.length)];
        }
        case "box" -> {
          f.sizeM = uniform(rnd, 0.25, 0.45);
          f.aspect = 1;
          int[] c = {0xA27A4E, 0xD8D4C8, 0x8C6A44};
          f.colour = c[rnd.nextInt(c.length)];
        }
        default -> { // tissue, leaf, paper: light, with drag and sway
          f.low = true;
          f.vt = uniform(rnd, 0.5, 1.5);
          f.swayA = uniform(rnd, kind.equals("tissue") ? 0.2 : 0.4, kind.equals("tissue") ? 0.8 : 1.5);
          f.swayW = uniform(rnd, 1.2, 3.0);
          f.swayPhase = uniform(rnd, 0, 2 * Math.PI);
          f.flipW = uniform(rnd, 2, 6);
          f.spin *= 0.2;
          if (kind.equals("tissue")) {
            f.sizeM = uniform(rnd, 0.12, 0.22);
            f.aspect = 1.3;
            f.colour = 0xF2F2EE;
          } else if (kind.equals("leaf")) {
            f.sizeM = uniform(rnd, 0.08, 0.16);
            f.aspect = 2;
            int[] c = {0x8A7A30, 0x5A7A2A, 0xA06A2A};
            f.colour = c[rnd.nextInt(c.length)];
          } else {
            f.sizeM = uniform(rnd, 0.20, 0.30);
            f.aspect = 1.4;
            f.colour = rnd.nextBoolean() ? 0xF0EEE6 : 0xC8C6BE;
          }
        }
      }
      return f;
    }

    /** Finds the last frame of a fall: the landing, or the last frame it is inside the image. */
    private boolean trace(Fall f) {
      int maxFrames = 120 * FPS;
      for (int i = 0; i <= maxFrames; i++) {
        double t = i / (double) FPS;
        double x = f.x(t), y = f.y(t);
        if (y <= 0) {
          f.endFrame = f.startFrame + i;
          return true;
        }
        if (!toImage.inFront(x, y)) {
          f.endFrame = f.startFrame + Math.max(0, i - 1);
          return i > 0;
        }
        double ix = toImage.x(x, y), iy = toImage.y(x, y);
        double m = sizePx(f, x, y) / 2;
        if (ix < -m || iy < -m || ix > width + m || iy > height + m) {
          f.endFrame = f.startFrame + Math.max(0, i - 1);
          return i > 0;
        }
      }
      return false;
    }

    double sizePx(Fall f, double x, double y) {
      double s = f.sizeM * toImage.scaleAt(Math.max(0, Math.min(facadeW, x)), Math.max(0, Math.min(facadeH, y)));
      return Math.max(Math.max(2, 6 * Math.min(1, px)), Math.min(40, s));
    }

    private void scheduleBirds(SplittableRandom rnd) {
      int n = count(rnd, seconds / 35.0, 0);
      for (int i = 0; i < n; i++) {
        Bird b = new Bird();
        int kind = rnd.nextInt(3);
        b.kind = kind == 0 ? "bird-level" : kind == 1 ? "bird-rising" : "bird-gliding";
        boolean fromLeft = rnd.nextBoolean();
        b.size = Math.max(4, uniform(rnd, 10, 22) * px);
        b.x0 = fromLeft ? -b.size : width + b.size;
        b.y0 = height * uniform(rnd, 0.05, kind == 1 ? 0.8 : 0.6);
        double speed, angle;
        switch (kind) {
          case 0 -> {
            speed = uniform(rnd, 120, 320);
            angle = Math.toRadians(uniform(rnd, -5, 5));
            b.flapHz = uniform(rnd, 3, 6);
            b.wobble = uniform(rnd, 1, 4) * px;
          }
          case 1 -> {
            speed = uniform(rnd, 100, 260);
            angle = -Math.toRadians(uniform(rnd, 15, 40));
            b.flapHz = uniform(rnd, 4, 7);
          }
          default -> {
            speed = uniform(rnd, 50, 140);
            angle = Math.toRadians(uniform(rnd, 4, 18));
            b.flapHz = 0;
          }
        }
        speed *= px;
        b.vx = (fromLeft ? 1 : -1) * speed * Math.cos(angle);
        b.vy = speed * Math.sin(angle);
        int[] colours = {0x2A2A2E, 0x2A2A2E, 0x6A6A70, 0xE0E0DC};
        b.colour = colours[rnd.nextInt(colours.length)];
        b.startFrame = rnd.nextInt(frames());
        // leaves the frame when x passes the far edge or y leaves the image
        double tx = (width + 2 * b.size) / Math.abs(b.vx);
        double ty = b.vy < 0 ? (b.y0 + b.size) / -b.vy : b.vy > 0 ? (height + b.size - b.y0) / b.vy : Double.MAX_VALUE;
        b.endFrame = b.startFrame + frameAt(Math.min(tx, ty));
        birds.add(b);
        nuisance(AlertScene.THROWING, b.startFrame, b.endFrame, null, b.kind);
      }
    }

    private void scheduleWindowLights(SplittableRandom rnd) {
      for (int i = 0; i < initiallyLit.length; i++) {
        initiallyLit[i] = rnd.nextDouble() < 0.12;
      }
      int n = count(rnd, seconds / 60.0, 0);
      java.util.Map<Integer, List<Integer>> toggles = new java.util.TreeMap<>();
      for (int i = 0; i < n; i++) {
        int w = rnd.nextInt(floors * columns);
        int frame = 1 + rnd.nextInt(Math.max(1, frames() - 1));
        toggles.computeIfAbsent(w, k -> new ArrayList<>()).add(frame);
        nuisance(AlertScene.THROWING, frame, frame + FPS, null, "window-light");
      }
      toggles.forEach((w, frames) -> {
        WindowLight wl = new WindowLight();
        wl.floor = w / columns + 1;
        wl.column = w % columns + 1;
        wl.initiallyLit = initiallyLit[w];
        wl.toggles = frames.stream().mapToInt(Integer::intValue).sorted().toArray();
        windowLights.add(wl);
      });
    }

    private void scheduleLaundry(SplittableRandom rnd) {
      if (seconds < 60) {
        return;
      }
      int n = 1 + (rnd.nextBoolean() ? 1 : 0);
      for (int i = 0; i < n; i++) {
        Laundry l = new Laundry();
        l.floor = 2 + rnd.nextInt(Math.max(1, floors - 1));
        l.column = 1 + rnd.nextInt(columns);
        l.w = uniform(rnd, 0.5, 0.9);
        l.h = uniform(rnd, 0.6, 1.1);
        l.a0 = Math.toRadians(uniform(rnd, 6, 22));
        l.omega = 2 * Math.PI / uniform(rnd, 1.2, 2.8);
        l.phase = uniform(rnd, 0, 2 * Math.PI);
        l.gustT = uniform(rnd, 15, 40);
        l.gustPhase = uniform(rnd, 0, 2 * Math.PI);
        int[] colours = {0xC83A3A, 0x3A62C8, 0xF0F0EC, 0xE8A0B8, 0xE8D050, 0x48A060};
        l.colour = colours[rnd.nextInt(colours.length)];
        l.stripe = rnd.nextBoolean() ? Raster.shade(l.colour, 0.7) : -1;
        double start = uniform(rnd, 0, 0.3 * seconds);
        l.startFrame = frameAt(start);
        l.endFrame = frameAt(start + (seconds - start) * uniform(rnd, 0.4, 1.0)) - 1;
        laundry.add(l);
        nuisance(AlertScene.THROWING, l.startFrame, l.endFrame, null, "laundry");
      }
    }

    private void scheduleInsects(SplittableRandom rnd) {
      int n = count(rnd, seconds / 90.0, 0);
      for (int i = 0; i < n; i++) {
        Insect in = new Insect();
        in.startFrame = rnd.nextInt(frames());
        in.endFrame = in.startFrame + frameAt(uniform(rnd, 1.5, 6));
        in.r = uniform(rnd, 25, 90) * px;
        boolean bright = rnd.nextDouble() < 0.3;
        in.colour = bright ? 0xF4F4F0 : 0x1E1E1E;
        in.alpha = bright ? uniform(rnd, 0.5, 0.8) : uniform(rnd, 0.5, 0.8);
        in.cx = width * uniform(rnd, 0.15, 0.85);
        in.cy = height * uniform(rnd, 0.15, 0.85);
        for (int k = 0; k < 3; k++) {
          in.ax[k] = uniform(rnd, 20, 90) * px;
          in.fx[k] = uniform(rnd, 0.3, 2.5);
          in.px[k] = uniform(rnd, 0, 2 * Math.PI);
          in.ay[k] = uniform(rnd, 20, 90) * px;
          in.fy[k] = uniform(rnd, 0.3, 2.5);
          in.py[k] = uniform(rnd, 0, 2 * Math.PI);
        }
        insects.add(in);
        nuisance(AlertScene.THROWING, in.startFrame, in.endFrame, null, "insect");
      }
    }

    private void scheduleRain(SplittableRandom rnd) {
      if (seconds < 90 || rnd.nextDouble() >= 0.5) {
        return;
      }
      double start = uniform(rnd, 0, seconds - 60);
      double duration = Math.min(uniform(rnd, 30, 90), seconds - start - 1);
      rainStart = frameAt(start);
      rainEnd = frameAt(start + duration);
      rainSlant = uniform(rnd, -0.25, 0.25);
      rainLength = uniform(rnd, 10, 22) * px;
      nuisance(AlertScene.THROWING, rainStart, rainEnd, null, "rain");
    }

    private void scheduleShakes(SplittableRandom rnd) {
      int n = count(rnd, seconds / 300.0, seconds >= 120 ? 1 : 0);
      for (int i = 0; i < n; i++) {
        int start = rnd.nextInt(frames());
        int end = start + frameAt(uniform(rnd, 0.6, 1.5));
        int amplitude = (int) Math.max(1, Math.round(uniform(rnd, 2, 7) * px));
        shakes.add(new int[] {start, end, amplitude});
        nuisance(AlertScene.THROWING, start, end, null, "camera-shake");
      }
    }

    private void scheduleExposures(SplittableRandom rnd) {
      int n = count(rnd, seconds / 240.0, 0);
      for (int i = 0; i < n; i++) {
        Exposure e = new Exposure();
        e.step = rnd.nextBoolean();
        e.target = rnd.nextBoolean() ? uniform(rnd, 0.65, 0.85) : uniform(rnd, 1.2, 1.45);
        e.attack = e.step ? 0.08 : uniform(rnd, 2, 5);
        e.hold = e.step ? 0 : uniform(rnd, 2, 10);
        e.release = uniform(rnd, 1.5, 5);
        e.startFrame = rnd.nextInt(frames());
        e.endFrame = e.startFrame + frameAt(e.attack + e.hold + e.release);
        exposures.add(e);
        nuisance(AlertScene.THROWING, e.startFrame, e.endFrame, null, "exposure");
      }
    }

    // -------------------------------------------------------------------------------------------
    // Drawing

    private int facadeColour(double x, double y, boolean[] lit) {
      if (x < 0 || y < 0 || x >= facadeW || y >= facadeH) {
        return -1;
      }
      int c = (int) (x / COLUMN_M), f = (int) (y / FLOOR_M);
      double lx = x - c * COLUMN_M, ly = y - f * FLOOR_M;
      if (lx >= 0.75 && lx <= 2.75 && ly >= 0.9 && ly <= 2.4) {
        if (lx < 0.83 || lx > 2.67 || ly < 0.98 || ly > 2.32 || Math.abs(lx - 1.75) < 0.04) {
          return frameColour;
        }
        if (lit[f * columns + c]) {
          return ly > 2.0 ? 0xF4E2B0 : 0xE8C98A; // warm room light
        }
        // glass: a reflection gradient from the sky
        return Raster.mix(glass[f][c], skyBottom, Math.max(0, (ly - 1.0) / 1.4) * 0.35);
      }
      if (ly >= 0.8 && ly < 0.9 && lx >= 0.65 && lx <= 2.85) {
        return Raster.shade(wallColour, 1.1); // sill
      }
      if (acUnit[f][c] && lx >= 2.9 && lx <= 3.4 && ly >= 0.95 && ly <= 1.5) {
        return (ly > 1.2 && ly < 1.25) ? 0x707070 : 0xE2E2DC;
      }
      if (ly < 0.18) {
        return Raster.shade(wallColour, 0.86); // floor slab
      }
      if (lx < 0.08 || lx > COLUMN_M - 0.08) {
        return Raster.shade(wallColour, 0.93); // pilaster joint
      }
      return wallColour;
    }

    @Override
    protected void paintBackground(Raster r) {
      // sky
      for (int y = 0; y < height; y++) {
        r.fillRect(0, y, width, 1, Raster.mix(skyTop, skyBottom, y / (double) height));
      }
      SplittableRandom rnd = new SplittableRandom(seed ^ 0xC10D5L);
      for (int i = 0; i < 8; i++) {
        r.softDisc(width * rnd.nextDouble(), height * uniform(rnd, 0, 0.5), width * uniform(rnd, 0.06, 0.16),
            0xF4F4F4, uniform(rnd, 0.2, 0.45));
      }
      // trees in the lower corners
      for (int side = 0; side < 2; side++) {
        for (int i = 0; i < 14; i++) {
          double x = side == 0 ? width * uniform(rnd, -0.05, 0.12) : width * uniform(rnd, 0.88, 1.05);
          r.fillEllipse(x, height * uniform(rnd, 0.55, 1.0), width * uniform(rnd, 0.03, 0.07),
              height * uniform(rnd, 0.04, 0.09), 0, Raster.mix(0x2E4A26, 0x4E6A36, rnd.nextDouble()), 1);
        }
      }
      paintFacade(r, 0, 0, width, height, initiallyLit);
      // hedge at the foot of the facade
      double hx0 = toImage.x(0, HEDGE_M), hy0 = toImage.y(0, HEDGE_M);
      double hx1 = toImage.x(facadeW, HEDGE_M), hy1 = toImage.y(facadeW, HEDGE_M);
      double slope = (hy1 - hy0) / (hx1 - hx0);
      double yl = hy0 - slope * hx0;
      r.fillPolygon(new double[] {0, width, width, 0}, new double[] {yl, yl + slope * width, height, height}, 4,
          0x2F4A2A, 1);
      for (int i = 0; i < width / Math.max(4, 12 * px); i++) {
        double x = rnd.nextDouble() * width;
        r.fillEllipse(x, yl + slope * x, 10 * px, 5 * px, 0, Raster.mix(0x2A4426, 0x466A3A, rnd.nextDouble()), 1);
      }
      r.grainBackground(seed, 3);
      r.sceneState(new LitState(initiallyLit.clone()));
    }

    /** Paints the facade over the region [x0,x1) x [y0,y1), 2x2 supersampled. */
    private void paintFacade(Raster r, int x0, int y0, int x1, int y1, boolean[] lit) {
      double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
      for (int i = 0; i < 4; i++) {
        minX = Math.min(minX, cornerX[i]);
        maxX = Math.max(maxX, cornerX[i]);
        minY = Math.min(minY, cornerY[i]);
        maxY = Math.max(maxY, cornerY[i]);
      }
      int xa = Math.max(x0, (int) Math.floor(minX)), xb = Math.min(x1, (int) Math.ceil(maxX) + 1);
      int ya = Math.max(y0, (int) Math.floor(minY)), yb = Math.min(y1, (int) Math.ceil(maxY) + 1);
      xb = Math.min(xb, width);
      yb = Math.min(yb, height);
      for (int y = ya; y < yb; y++) {
        for (int x = xa; x < xb; x++) {
          int under = -1;
          int sr = 0, sg = 0, sb = 0, inside = 0;
          for (int s = 0; s < 4; s++) {
            double sx = x + 0.25 + 0.5 * (s & 1), sy = y + 0.25 + 0.5 * (s >> 1);
            int c = facadeColour(toFacade.x(sx, sy), toFacade.y(sx, sy), lit);
            if (c < 0) {
              if (under < 0) {
                under = r.get(x, y);
              }
              c = under;
            } else {
              inside++;
            }
            sr += (c >> 16) & 0xff;
            sg += (c >> 8) & 0xff;
            sb += c & 0xff;
          }
          if (inside > 0) {
            r.set(x, y, ((sr / 4) << 16) | ((sg / 4) << 8) | (sb / 4));
          }
        }
      }
    }

    private void updateWindows(Raster r, int frame) {
      if (windowLights.isEmpty()) {
        return;
      }
      LitState state = (LitState) r.sceneState();
      for (WindowLight wl : windowLights) {
        int idx = (wl.floor - 1) * columns + (wl.column - 1);
        boolean lit = wl.initiallyLit;
        for (int t : wl.toggles) {
          if (t <= frame) {
            lit = !lit;
          }
        }
        if (lit != state.lit[idx]) {
          state.lit[idx] = lit;
          double wx0 = (wl.column - 1) * COLUMN_M + 0.7, wx1 = wx0 + 2.1;
          double wy0 = (wl.floor - 1) * FLOOR_M + 0.85, wy1 = wy0 + 1.6;
          int bx0 = (int) Math.floor(Math.min(toImage.x(wx0, wy0), toImage.x(wx0, wy1))) - 1;
          int bx1 = (int) Math.ceil(Math.max(toImage.x(wx1, wy0), toImage.x(wx1, wy1))) + 2;
          int by0 = (int) Math.floor(Math.min(toImage.y(wx0, wy1), toImage.y(wx1, wy1))) - 1;
          int by1 = (int) Math.ceil(Math.max(toImage.y(wx0, wy0), toImage.y(wx1, wy0))) + 2;
          r.paintBackground(() -> {
            paintFacade(r, bx0, by0, bx1, by1, state.lit);
            for (int y = Math.max(0, by0); y < Math.min(height, by1); y++) {
              for (int x = Math.max(0, bx0); x < Math.min(width, bx1); x++) {
                int c = r.get(x, y);
                int g = Raster.grain(seed, x, y, 3);
                r.set(x, y, Raster.rgb(((c >> 16) & 0xff) + g, ((c >> 8) & 0xff) + g, (c & 0xff) + g));
              }
            }
          });
          r.restore(bx0, by0, bx1, by1);
        }
      }
    }

    @Override
    public void draw(Raster r, int frame) {
      double t = time(frame);
      updateWindows(r, frame);
      for (Laundry l : laundry) {
        if (frame >= l.startFrame && frame <= l.endFrame) {
          drawLaundry(r, l, t);
        }
      }
      for (Fall f : falls) {
        if (frame >= f.startFrame && frame <= f.endFrame) {
          drawFall(r, f, time(frame - f.startFrame));
        }
      }
      for (Bird b : birds) {
        if (frame >= b.startFrame && frame <= b.endFrame) {
          double tb = time(frame - b.startFrame);
          double x = b.x0 + b.vx * tb;
          double y = b.y0 + b.vy * tb + b.wobble * Math.sin(2 * Math.PI * 0.7 * tb);
          double flap = b.flapHz == 0 ? 0.15 : Math.sin(2 * Math.PI * b.flapHz * tb);
          double heading = Math.atan2(b.vy, b.vx);
          Figures.bird(r, x, y, b.size, heading, flap, b.colour);
        }
      }
      double gain = 1 + driftA1 * Math.sin(2 * Math.PI * t / driftT1 + driftP1)
          + driftA2 * Math.sin(2 * Math.PI * t / driftT2 + driftP2);
      if (rainStart >= 0 && frame >= rainStart && frame <= rainEnd) {
        double env = smoothstep(rainStart, rainStart + 5 * FPS, frame) * (1 - smoothstep(rainEnd - 5 * FPS, rainEnd, frame));
        drawRain(r, frame, env);
        gain *= 1 - 0.1 * env;
      }
      for (Insect in : insects) {
        if (frame >= in.startFrame && frame <= in.endFrame) {
          double ti = time(frame - in.startFrame);
          double x = in.cx, y = in.cy;
          for (int k = 0; k < 3; k++) {
            x += in.ax[k] * Math.sin(2 * Math.PI * in.fx[k] * ti + in.px[k]);
            y += in.ay[k] * Math.sin(2 * Math.PI * in.fy[k] * ti + in.py[k]);
          }
          double fade = Math.min(1, Math.min(frame - in.startFrame, in.endFrame - frame) / 5.0 + 0.2);
          r.softDisc(x, y, in.r, in.colour, in.alpha * fade);
        }
      }
      for (Exposure e : exposures) {
        if (frame >= e.startFrame && frame <= e.endFrame) {
          double te = time(frame - e.startFrame);
          double k;
          if (te < e.attack) {
            k = e.step ? 1 : smoothstep(0, e.attack, te);
          } else if (te < e.attack + e.hold) {
            k = 1;
          } else {
            k = 1 - smoothstep(e.attack + e.hold, e.attack + e.hold + e.release, te);
          }
          gain *= 1 + (e.target - 1) * k;
        }
      }
      r.gain(gain);
      for (int[] s : shakes) {
        if (frame >= s[0] && frame <= s[1]) {
          FastRandom fr = frameRandom(frame, 0x5AAE);
          double env = 1 - 0.6 * (frame - s[0]) / (double) Math.max(1, s[1] - s[0]);
          r.shake((int) Math.round(fr.uniform(-s[2], s[2]) * env), (int) Math.round(fr.uniform(-s[2], s[2]) * env));
        }
      }
      r.noise(sigma);
    }

    private void drawFall(Raster r, Fall f, double t) {
      double x = f.x(t), y = f.y(t);
      if (y < HEDGE_M) {
        return; // behind the hedge
      }
      double size = sizePx(f, x, y);
      double ix = toImage.x(x, y), iy = toImage.y(x, y);
      // motion blur: the exposure covers about half a frame interval
      double tp = Math.max(0, t - 0.5 / FPS);
      double bx = toImage.x(f.x(tp), f.y(tp)), by = toImage.y(f.x(tp), f.y(tp));
      double blur = Math.hypot(ix - bx, iy - by);
      int n = (int) Math.max(1, Math.min(4, Math.ceil(blur / Math.max(1, size / 2))));
      double alpha = n == 1 ? 1 : Math.min(1, 1.6 / n);
      double angle = f.angle0 + f.spin * t;
      for (int k = 0; k < n; k++) {
        double u = n == 1 ? 1 : k / (double) (n - 1);
        drawObject(r, f, bx + (ix - bx) * u, by + (iy - by) * u, size, angle, t, alpha);
      }
    }

    private void drawObject(Raster r, Fall f, double x, double y, double size, double angle, double t, double alpha) {
      double half = size / 2;
      switch (f.kind) {
        case "bottle" -> {
          r.fillEllipse(x, y, half, half / f.aspect, angle, f.colour, alpha);
          r.fillEllipse(x + Math.cos(angle) * half * 0.6, y + Math.sin(angle) * half * 0.6, half * 0.3,
              half / f.aspect * 0.5, angle, Raster.shade(f.colour, 1.3), alpha);
        }
        case "box" -> {
          double c = Math.cos(angle) * half, s = Math.sin(angle) * half;
          double[] xs = {x - c + s, x + c + s, x + c - s, x - c - s};
          double[] ys = {y - s - c, y + s - c, y + s + c, y - s + c};
          r.fillPolygon(xs, ys, 4, f.colour, alpha);
          r.line(xs[0], ys[0], xs[1], ys[1], Math.max(1, size / 10), Raster.shade(f.colour, 1.2), alpha);
        }
        case "bag" -> {
          r.fillEllipse(x, y, half, half / f.aspect, angle, f.colour, alpha);
          r.fillEllipse(x - Math.sin(angle) * half * 0.8, y + Math.cos(angle) * half * 0.8, half * 0.3, half * 0.2,
              angle, Raster.shade(f.colour, 0.8), alpha);
        }
        case "tissue" -> {
          r.fillEllipse(x, y, half, half / f.aspect, angle, f.colour, alpha);
          r.fillEllipse(x + half * 0.4, y - half * 0.2, half * 0.5, half * 0.4, angle + 1, 0xFFFFFF, alpha);
        }
        default -> { // leaf, paper: flipping over as they flutter
          double flip = Math.abs(Math.cos(f.flipW * t));
          double minor = Math.max(0.6, half / f.aspect * (0.15 + 0.85 * flip));
          int colour = Raster.shade(f.colour, 0.8 + 0.25 * flip);
          if (f.kind.equals("leaf")) {
            r.fillEllipse(x, y, half, minor, angle, colour, alpha);
          } else {
            double c = Math.cos(angle), s = Math.sin(angle);
            double[] xs = {x - c * half + s * minor, x + c * half + s * minor, x + c * half - s * minor,
                x - c * half - s * minor};
            double[] ys = {y - s * half - c * minor, y + s * half - c * minor, y + s * half + c * minor,
                y - s * half + c * minor};
            r.fillPolygon(xs, ys, 4, colour, alpha);
          }
        }
      }
    }

    private void drawLaundry(Raster r, Laundry l, double t) {
      double gust = 0.4 + 0.6 * (0.5 + 0.5 * Math.sin(2 * Math.PI * t / l.gustT + l.gustPhase));
      double theta = l.a0 * gust * Math.sin(l.omega * t + l.phase);
      double billow = 0.85 + 0.15 * Math.cos(2 * l.omega * t + l.phase); // swinging out of the plane
      double pxm = (l.column - 1) * COLUMN_M + COLUMN_M / 2, pym = (l.floor - 1) * FLOOR_M + 0.85;
      double[][] local = {{-l.w / 2, 0}, {l.w / 2, 0}, {l.w / 2, -l.h * billow}, {-l.w / 2, -l.h * billow}};
      double[] xs = new double[4], ys = new double[4];
      double c = Math.cos(theta), s = Math.sin(theta);
      for (int i = 0; i < 4; i++) {
        double fx = pxm + local[i][0] * c - local[i][1] * s;
        double fy = pym + local[i][0] * s + local[i][1] * c;
        xs[i] = toImage.x(fx, fy);
        ys[i] = toImage.y(fx, fy);
      }
      r.fillPolygon(xs, ys, 4, l.colour, 1);
      if (l.stripe >= 0) {
        r.line((xs[0] * 2 + xs[3]) / 3, (ys[0] * 2 + ys[3]) / 3, (xs[1] * 2 + xs[2]) / 3, (ys[1] * 2 + ys[2]) / 3,
            Math.max(1, 3 * px), l.stripe, 1);
      }
      // the rail it hangs from
      r.line(toImage.x(pxm - l.w / 2 - 0.1, pym), toImage.y(pxm - l.w / 2 - 0.1, pym),
          toImage.x(pxm + l.w / 2 + 0.1, pym), toImage.y(pxm + l.w / 2 + 0.1, pym), Math.max(1, 1.5 * px), 0x505050, 1);
    }

    private void drawRain(Raster r, int frame, double env) {
      FastRandom fr = frameRandom(frame, 0x4A1L);
      int n = (int) Math.round(width * (double) height * 2.5e-4 * env);
      double len = rainLength;
      for (int i = 0; i < n; i++) {
        double x = fr.nextDouble() * width, y = fr.nextDouble() * height;
        double near = fr.nextDouble(); // drops near the lens are longer, wider and brighter
        double l = len * (0.6 + 1.2 * near * near);
        r.line(x, y, x + rainSlant * l, y + l, Math.max(1, px * (1 + near)), 0xF4F4F4, 0.3 + 0.35 * near);
      }
    }

    /** Falls in this plan, for tests. */
    List<Fall> falls() {
      return falls;
    }

    /** Image position of a fall at a frame, for tests: {x, y} or null when not drawn. */
    double[] imagePosition(Fall f, int frame) {
      if (frame < f.startFrame || frame > f.endFrame) {
        return null;
      }
      double t = time(frame - f.startFrame);
      return new double[] {toImage.x(f.x(t), f.y(t)), toImage.y(f.x(t), f.y(t))};
    }

    /** Labelled events, for tests. */
    List<LabelledEvent> eventList() {
      return events;
    }
  }
}
