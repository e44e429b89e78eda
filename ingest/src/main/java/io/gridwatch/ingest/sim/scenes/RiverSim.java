package io.gridwatch.ingest.sim.scenes;

import io.gridwatch.contracts.alert.AlertScene;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A river (河道) seen from the opposite bank: the water in the lower half, a quay wall, a quay
 * platform by the water (the danger zones), a railing with stair openings, a promenade and the
 * buildings beyond. A water gauge (水尺) stands on the quay wall. Frames are sampled at key frames (one every 2 s).
 *
 * <p><b>Events</b>: floating debris (bottles, foam, branches, bags) drifting with the current
 * ({@code river-debris}, from the moment it enters the water polygon at the frame edge until it
 * leaves the frame); people who leave the promenade through a stair opening and stay on the quay
 * platform longer than the zone's dwell time ({@code river-intrusion}, kind {@code person}, zone
 * id, from entering the zone to leaving it); the water rising past the gauge's alarm line for
 * minutes and falling back ({@code water-level}, kind {@code rise}, from crossing above the line
 * to falling back below it).
 *
 * <p><b>Nuisances</b>: people walking the promenade outside the zones ({@code river-intrusion},
 * {@code walker}); people stepping into a zone for less than its dwell time ({@code
 * river-intrusion}, {@code short-visit}, with the zone); sun glare flickering on the water and
 * birds skimming it ({@code river-debris}, {@code glare} and {@code bird}); the water rising
 * close to the alarm line without reaching it ({@code water-level}, {@code level-near-line}).
 * Moving ripples and slow light drift run all the time and are not labelled.
 */
public final class RiverSim implements SceneSim {

  public static final double MIN_COVERAGE = 0.02;
  public static final double SUSTAIN_SECONDS = 10;

  @Override
  public String scene() {
    return "river";
  }

  @Override
  public Plan plan(long seed, int seconds, int width, int height) {
    return new Plan(seed, seconds, width, height);
  }

  static final class DangerZone {
    String id;
    double x0, x1, gapX;
    double dwell;
  }

  record Looks(int shirt, int trousers, int hair) {}

  /** Someone on the promenade; visitors go down to a zone and come back. */
  static final class Walker {
    Looks looks;
    double speed, fromX, toX, pathY;
    int startFrame, endFrame;
    // visitors only
    DangerZone zone;
    double standX, standY;
    int downFrame, enterFrame, leaveFrame, upFrame;
  }

  static final class Debris {
    String kind;
    double y, x0, v, size, bob, angle;
    int colour;
    int startFrame, endFrame;
  }

  static final class Glare {
    double x, y, spread, drift;
    double[] dx, dy, r, f, phase;
    int startFrame, endFrame;
  }

  static final class Bird {
    double x0, y0, vx, vy, size;
    int startFrame, endFrame;
  }

  /** A rise of the water: smooth up, hold, smooth down; peak in pixels above the normal level. */
  static final class Rise {
    double start, up, hold, down, peak;

    double at(double t) {
      double s = t - start;
      if (s <= 0 || s >= up + hold + down) {
        return 0;
      }
      if (s < up) {
        return peak * ScenePlan.smoothstep(0, up, s);
      }
      if (s < up + hold) {
        return peak;
      }
      return peak * (1 - ScenePlan.smoothstep(up + hold, up + hold + down, s));
    }

    double end() {
      return start + up + hold + down;
    }
  }

  public static final class Plan extends ScenePlan {

    private final double ySky, yPath0, yRail, yEdge, yWater0, yAlarm;
    private final double personPx;
    private final double gaugeX, gaugeW;
    private final boolean currentRight;
    private final double current; // m/s
    private final int waterColour, skyTop, skyBottom, stone, path;
    private final double sigma, driftA, driftT, driftP;
    final List<DangerZone> zones = new ArrayList<>();
    final List<Walker> walkers = new ArrayList<>();
    final List<Debris> debris = new ArrayList<>();
    final List<Glare> glares = new ArrayList<>();
    final List<Bird> birds = new ArrayList<>();
    final List<Rise> rises = new ArrayList<>();
    // moving water: rows of a horizontally periodic texture, each period + width long
    private final int texTop;
    private final int texRows;
    private final int period;
    private byte[] texture;

    Plan(long seed, int seconds, int width, int height) {
      super(seed, seconds, width, height);
      SplittableRandom root = new SplittableRandom(seed);
      SplittableRandom geo = root.split();
      ySky = height * uniform(geo, 0.08, 0.14);
      yPath0 = Math.round(height * uniform(geo, 0.34, 0.40));
      yRail = Math.round(yPath0 + height * 0.075);
      yEdge = Math.round(yRail + height * 0.06);
      yWater0 = Math.round(yEdge + height * 0.075);
      yAlarm = Math.round(yWater0 - height * 0.035);
      personPx = height * uniform(geo, 0.085, 0.10);
      currentRight = geo.nextBoolean();
      current = uniform(geo, 0.3, 1.0);
      int[] waters = {0x4A5A48, 0x3E5660, 0x56604A, 0x46545C, 0x5A5E50};
      waterColour = waters[geo.nextInt(waters.length)];
      boolean overcast = geo.nextDouble() < 0.4;
      skyTop = overcast ? 0xA9B0B8 : 0x78A4DA;
      skyBottom = overcast ? 0xD0D4D8 : 0xC4D8EE;
      stone = Raster.mix(0x8A8680, 0xA89E90, geo.nextDouble());
      path = Raster.mix(0x9A948C, 0xB4ACA0, geo.nextDouble());
      sigma = uniform(geo, 2.0, 3.0);
      driftA = uniform(geo, 0.02, 0.05);
      driftT = uniform(geo, 120, 500);
      driftP = uniform(geo, 0, 2 * Math.PI);
      gaugeW = Math.max(4, Math.round(width * 0.014));
      boolean gaugeRight = geo.nextBoolean();
      gaugeX = Math.round(gaugeRight ? width * uniform(geo, 0.8, 0.9) : width * uniform(geo, 0.06, 0.16));
      // danger zones: 1-2 stretches of the quay platform away from the gauge, each with a stair opening
      int n = 1 + geo.nextInt(2);
      double lo = gaugeRight ? 0.04 * width : gaugeX + gaugeW + 0.05 * width;
      double hi = gaugeRight ? gaugeX - 0.05 * width : 0.96 * width;
      double slot = (hi - lo) / n;
      for (int i = 0; i < n; i++) {
        DangerZone z = new DangerZone();
        z.id = "quay-" + (i + 1);
        double w = width * uniform(geo, 0.12, 0.2);
        w = Math.min(w, slot * 0.9);
        z.x0 = Math.round(lo + slot * i + uniform(geo, 0, slot - w));
        z.x1 = Math.round(z.x0 + w);
        z.gapX = (z.x0 + z.x1) / 2 + uniform(geo, -0.2, 0.2) * w;
        z.dwell = 5 * Math.round(uniform(geo, 10, 30) / 5);
        zones.add(z);
      }
      texTop = (int) Math.round(yWater0 - height * 0.08);
      texRows = height - texTop;
      period = Math.max(64, (int) Math.round(640 * px / 2) * 2);

      scheduleWalkers(root.split());
      scheduleVisitors(root.split());
      scheduleDebris(root.split());
      scheduleGlare(root.split());
      scheduleBirds(root.split());
      scheduleRises(root.split());
    }

    @Override
    public String scene() {
      return "river";
    }

    @Override
    public String sceneYaml(String cameraId, String gridId) {
      StringBuilder zs = new StringBuilder();
      for (DangerZone z : zones) {
        zs.append("    - id: ").append(z.id).append('\n')
            .append("      polygon: ").append(polygon(new double[] {z.x0, z.x1, z.x1, z.x0},
                new double[] {yRail, yRail, yEdge, yEdge})).append('\n')
            .append("      dwellSeconds: ").append(num(z.dwell)).append('\n')
            .append("      minCoverage: ").append(MIN_COVERAGE).append('\n');
      }
      double waterTop = yWater0 + Math.round(height * 0.01);
      return """
          # Generated by gridwatch sim: scene river, seed %d, %dx%d.
          # Water below y=%d; quay platform (danger zones) between the railing and the quay edge;
          # water gauge on the quay wall at x=%d with the alarm line at y=%d.
          cameraId: %s
          gridId: %s
          scene: river
          sampling: {mode: keyframes}
          river:
            water: %s
            dangerZones:
          %s  waterLevel:
              line: [[%d,%d], [%d,%d]]
              sustainSeconds: %s
            debris: {persistSeconds: 6, minArea: %d}
            minPersonHeight: %d
          """.formatted(seed, width, height, (long) waterTop, (long) gaugeX, (long) yAlarm, cameraId, gridId,
          polygon(new double[] {0, width, width, 0}, new double[] {waterTop, waterTop, height, height}), zs,
          clampX(gaugeX - width * 0.02), (long) yAlarm, clampX(gaugeX + gaugeW + width * 0.02), (long) yAlarm,
          num(SUSTAIN_SECONDS), Math.max(6, Math.round(24 * px * px)), Math.max(16, Math.round(0.85 * personPx)));
    }

    // -------------------------------------------------------------------------------------------
    // Schedule

    private Looks looks(SplittableRandom rnd) {
      int[] shirts = {0xE8E8E4, 0x2A2A30, 0xC83A3A, 0x3A62C8, 0x6A8A4A, 0xE8C040, 0x8A8A8A, 0xD88AA8, 0xF0D020};
      int[] trousers = {0x2A2A36, 0x3A4A6A, 0x5A5A5A, 0x1A1A1A, 0x7A6A5A};
      int[] hair = {0x1A1612, 0x2A221A, 0x3A3028, 0x8A8A88};
      return new Looks(shirts[rnd.nextInt(shirts.length)], trousers[rnd.nextInt(trousers.length)],
          hair[rnd.nextInt(hair.length)]);
    }

    /** Pixels per metre on the promenade. */
    private double ppmFar() {
      return personPx / 1.7;
    }

    /** Pixels per metre at an image row of the water. */
    private double ppmAt(double y) {
      return ppmFar() * (1 + 1.8 * Math.max(0, y - yWater0) / (height - yWater0));
    }

    private void scheduleWalkers(SplittableRandom rnd) {
      double meanGap = uniform(rnd, 8, 30);
      double t = uniform(rnd, 0, meanGap);
      while (t < seconds) {
        Walker w = new Walker();
        w.looks = looks(rnd);
        w.speed = uniform(rnd, 1.0, 1.6) * ppmFar();
        boolean right = rnd.nextBoolean();
        w.fromX = right ? -20 * px : width + 20 * px;
        w.toX = right ? width + 20 * px : -20 * px;
        w.pathY = uniform(rnd, yPath0 + height * 0.02, yRail - height * 0.012);
        w.startFrame = frameAt(t);
        w.endFrame = w.startFrame + frameAt(Math.abs(w.toX - w.fromX) / w.speed);
        walkers.add(w);
        nuisance(AlertScene.RIVER_INTRUSION, w.startFrame, w.endFrame, null, "walker");
        t += uniform(rnd, 1, 2 * meanGap);
      }
    }

    private void scheduleVisitors(SplittableRandom rnd) {
      int last = frames() - 1;
      for (DangerZone z : zones) {
        SplittableRandom zr = rnd.split();
        double t = uniform(zr, 5, 60);
        while (true) {
          boolean intrusion = zr.nextDouble() < 0.55;
          double stay = intrusion ? z.dwell + uniform(zr, 5, 90) : uniform(zr, 2, z.dwell - 4);
          Walker w = new Walker();
          w.looks = looks(zr);
          w.zone = z;
          w.speed = uniform(zr, 1.0, 1.5) * ppmFar();
          boolean right = zr.nextBoolean();
          w.fromX = right ? -20 * px : width + 20 * px;
          double onward = right ? width + 20 * px : -20 * px;
          w.toX = zr.nextDouble() < 0.7 ? onward : w.fromX; // most walk on, some turn back
          w.pathY = uniform(zr, yPath0 + height * 0.03, yRail - height * 0.015);
          w.standX = uniform(zr, z.x0 + 0.15 * (z.x1 - z.x0), z.x1 - 0.15 * (z.x1 - z.x0));
          w.standY = uniform(zr, yRail + 0.6 * (yEdge - yRail), yEdge - 2 * px);
          double walkIn = Math.abs(z.gapX - w.fromX) / w.speed;
          double steps = 2.0;
          double walkOut = Math.abs(w.toX - z.gapX) / w.speed;
          w.startFrame = frameAt(t);
          w.downFrame = frameAt(t + walkIn);
          w.enterFrame = frameAt(t + walkIn + steps * (yRail - w.pathY) / (w.standY - w.pathY));
          w.leaveFrame = frameAt(t + walkIn + steps + stay + steps * (w.standY - yRail) / (w.standY - w.pathY));
          w.upFrame = frameAt(t + walkIn + 2 * steps + stay);
          w.endFrame = frameAt(t + walkIn + 2 * steps + stay + walkOut);
          if (w.leaveFrame >= last) {
            break;
          }
          walkers.add(w);
          if (intrusion) {
            event(AlertScene.RIVER_INTRUSION, w.enterFrame, w.leaveFrame, z.id, "person");
          } else {
            nuisance(AlertScene.RIVER_INTRUSION, w.enterFrame, w.leaveFrame, z.id, "short-visit");
          }
          t = time(w.leaveFrame) + uniform(zr, 20, 120);
        }
      }
    }

    private void scheduleDebris(SplittableRandom rnd) {
      String[] kinds = {"bottle", "foam", "branch", "bag"};
      double t = uniform(rnd, 2, 40);
      while (t < seconds - 2) {
        Debris d = new Debris();
        d.kind = kinds[rnd.nextInt(kinds.length)];
        d.y = uniform(rnd, yWater0 + height * 0.05, height - height * 0.04);
        double ppm = ppmAt(d.y);
        double metres = switch (d.kind) {
          case "bottle" -> uniform(rnd, 0.25, 0.35);
          case "foam" -> uniform(rnd, 0.4, 0.9);
          case "branch" -> uniform(rnd, 0.8, 2.0);
          default -> uniform(rnd, 0.3, 0.5);
        };
        d.size = Math.max(3, metres * ppm);
        d.v = current * uniform(rnd, 0.85, 1.15) * ppm * (currentRight ? 1 : -1);
        d.x0 = currentRight ? -d.size : width + d.size;
        d.bob = uniform(rnd, 0, 2 * Math.PI);
        d.angle = uniform(rnd, -0.4, 0.4);
        d.colour = switch (d.kind) {
          case "bottle" -> new int[] {0xDCE4E0, 0x3C7A3A, 0x6A9AC8}[rnd.nextInt(3)];
          case "foam" -> 0xE6E6DE;
          case "branch" -> new int[] {0x4A3622, 0x5E4A30}[rnd.nextInt(2)];
          default -> new int[] {0xF0F0EC, 0x3A62C8, 0xC83A3A, 0x202020}[rnd.nextInt(4)];
        };
        // inside the frame from when its centre crosses the upstream edge to when it crosses the other
        d.startFrame = frameAt(t);
        double enter = d.size / Math.abs(d.v);
        double leave = (width + d.size) / Math.abs(d.v);
        int first = d.startFrame + frameAt(enter);
        int lastIn = d.startFrame + frameAt(leave);
        if (lastIn >= frames() - 1) {
          break;
        }
        d.endFrame = lastIn + frameAt(d.size / Math.abs(d.v));
        debris.add(d);
        event(AlertScene.RIVER_DEBRIS, first, lastIn, null, d.kind);
        t += uniform(rnd, 20, 120);
      }
    }

    private void scheduleGlare(SplittableRandom rnd) {
      int n = count(rnd, seconds / 90.0, 0);
      for (int i = 0; i < n; i++) {
        Glare g = new Glare();
        g.x = width * uniform(rnd, 0.1, 0.9);
        g.y = uniform(rnd, yWater0 + height * 0.04, height * 0.9);
        g.spread = uniform(rnd, 30, 90) * px;
        g.drift = current * ppmAt(g.y) * uniform(rnd, 0.05, 0.2) * (currentRight ? 1 : -1);
        int k = 5 + rnd.nextInt(8);
        g.dx = new double[k];
        g.dy = new double[k];
        g.r = new double[k];
        g.f = new double[k];
        g.phase = new double[k];
        for (int j = 0; j < k; j++) {
          g.dx[j] = uniform(rnd, -1, 1) * g.spread;
          g.dy[j] = uniform(rnd, -0.3, 0.3) * g.spread;
          g.r[j] = uniform(rnd, 3, 10) * px;
          g.f[j] = uniform(rnd, 1, 4);
          g.phase[j] = uniform(rnd, 0, 2 * Math.PI);
        }
        g.startFrame = rnd.nextInt(frames());
        g.endFrame = g.startFrame + frameAt(uniform(rnd, 10, 60));
        glares.add(g);
        nuisance(AlertScene.RIVER_DEBRIS, g.startFrame, g.endFrame, null, "glare");
      }
    }

    private void scheduleBirds(SplittableRandom rnd) {
      int n = count(rnd, seconds / 200.0, 0);
      for (int i = 0; i < n; i++) {
        Bird b = new Bird();
        boolean right = rnd.nextBoolean();
        b.size = Math.max(4, uniform(rnd, 14, 26) * px);
        b.x0 = right ? -b.size : width + b.size;
        b.y0 = uniform(rnd, yWater0 + height * 0.03, height * 0.8);
        double speed = uniform(rnd, 150, 350) * px;
        b.vx = right ? speed : -speed;
        b.vy = uniform(rnd, -0.1, 0.1) * speed;
        b.startFrame = rnd.nextInt(frames());
        b.endFrame = b.startFrame + frameAt((width + 2 * b.size) / speed);
        birds.add(b);
        nuisance(AlertScene.RIVER_DEBRIS, b.startFrame, b.endFrame, null, "bird");
      }
    }

    private void scheduleRises(SplittableRandom rnd) {
      if (seconds < 240) {
        return;
      }
      double alarm = yWater0 - yAlarm;
      Rise r = new Rise();
      r.up = uniform(rnd, 40, 90);
      r.down = uniform(rnd, 40, 90);
      r.hold = Math.min(uniform(rnd, 60, 180), seconds - r.up - r.down - 20);
      r.peak = height * uniform(rnd, 0.045, 0.06);
      r.start = uniform(rnd, 5, Math.max(6, seconds - r.up - r.hold - r.down - 5));
      rises.add(r);
      int above = -1, below = -1;
      for (int f = frameAt(r.start); f <= frameAt(r.end()) && f < frames(); f++) {
        boolean over = r.at(time(f)) > alarm;
        if (over && above < 0) {
          above = f;
        } else if (!over && above >= 0 && below < 0) {
          below = f;
        }
      }
      if (above >= 0) {
        event(AlertScene.WATER_LEVEL, above, below < 0 ? frames() - 1 : below, null, "rise");
      }
      // sometimes the water also comes close to the line without reaching it
      double free = seconds - r.end();
      if (free > 150 && rnd.nextBoolean()) {
        Rise near = new Rise();
        near.up = uniform(rnd, 30, 60);
        near.down = uniform(rnd, 30, 60);
        near.hold = Math.min(uniform(rnd, 20, 60), free - near.up - near.down - 20);
        near.peak = height * uniform(rnd, 0.015, 0.026);
        near.start = r.end() + 10;
        rises.add(near);
        nuisance(AlertScene.WATER_LEVEL, frameAt(near.start), frameAt(near.end()), null, "level-near-line");
      }
    }

    // -------------------------------------------------------------------------------------------
    // Background

    @Override
    protected void paintBackground(Raster r) {
      SplittableRandom rnd = new SplittableRandom(seed ^ 0xB4CCL);
      for (int y = 0; y < (int) yPath0; y++) {
        r.fillRect(0, y, width, 1, Raster.mix(skyTop, skyBottom, y / yPath0));
      }
      // buildings and trees beyond the promenade
      double x = -rnd.nextDouble() * 60 * px;
      int[] walls = {0xD8CBB5, 0xC9C4BC, 0xE3D6CF, 0xB9B2A6, 0xBFA58A, 0xA9B0B5};
      while (x < width) {
        double w = uniform(rnd, 60, 220) * px;
        double top = uniform(rnd, ySky, yPath0 - height * 0.08);
        int wall = walls[rnd.nextInt(walls.length)];
        r.fillRect(x, top, w, yPath0 - top, wall);
        for (double wy = top + 6 * px; wy < yPath0 - 12 * px; wy += 14 * px) {
          for (double wx = x + 5 * px; wx < x + w - 10 * px; wx += 14 * px) {
            r.fillRect(wx, wy, 7 * px, 8 * px, rnd.nextDouble() < 0.15 ? 0xE8D8A0 : Raster.shade(0x404A54, 1));
          }
        }
        x += w + uniform(rnd, 0, 20) * px;
      }
      for (int i = 0; i < width / (30 * px); i++) {
        double tx = rnd.nextDouble() * width;
        double ty = yPath0 - uniform(rnd, 0.03, 0.08) * height;
        r.fillRect(tx - 2 * px, ty, 4 * px, yPath0 - ty, 0x4A3A2A);
        r.fillEllipse(tx, ty, uniform(rnd, 18, 36) * px, uniform(rnd, 14, 26) * px, 0,
            Raster.mix(0x2E4A26, 0x587A3E, rnd.nextDouble()), 1);
      }
      // promenade
      for (int y = (int) yPath0; y < (int) yRail; y++) {
        double k = (y - yPath0) / (yRail - yPath0);
        r.fillRect(0, y, width, 1, Raster.shade(path, 0.94 + 0.1 * k));
      }
      for (double jy = yPath0 + 4 * px; jy < yRail; jy += (6 + 6 * (jy - yPath0) / (yRail - yPath0)) * px) {
        r.blendRect(0, jy, width, Math.max(1, px), Raster.shade(path, 0.8), 0.5);
      }
      // lamp posts
      for (double lx = uniform(rnd, 40, 200) * px; lx < width; lx += uniform(rnd, 250, 400) * px) {
        r.fillRect(lx, yRail - personPx * 2.2, 3 * px, personPx * 2.2 - 2 * px, 0x303234);
        r.fillRect(lx - 6 * px, yRail - personPx * 2.2, 15 * px, 5 * px, 0x404244);
      }
      // quay platform (danger zones) and quay wall
      for (int y = (int) yRail; y < (int) yEdge; y++) {
        r.fillRect(0, y, width, 1, Raster.shade(stone, 1.05));
      }
      for (double sx = 0; sx < width; sx += 46 * px) {
        r.blendRect(sx, yRail, Math.max(1, px), yEdge - yRail, Raster.shade(stone, 0.8), 0.6);
      }
      r.fillRect(0, yEdge - 2 * px, width, 3 * px, Raster.shade(stone, 1.2)); // edge stones
      for (int y = (int) yEdge + 1; y < height; y++) {
        r.fillRect(0, y, width, 1, Raster.shade(stone, 0.72 - 0.15 * Math.min(1, (y - yEdge) / (yWater0 - yEdge))));
      }
      for (double by = yEdge + 8 * px; by < yWater0 + 4 * px; by += 9 * px) {
        r.blendRect(0, by, width, Math.max(1, px), Raster.shade(stone, 0.5), 0.6);
      }
      // the gauge: white staff with red and black marks
      double gTop = yEdge + 0.005 * height;
      r.fillRect(gaugeX, gTop, gaugeW, yWater0 + 0.02 * height - gTop, 0xF0F0EC);
      double step = Math.max(2, 0.006 * height);
      int i = 0;
      for (double my = gTop + step; my < yWater0 + 0.02 * height; my += step, i++) {
        int c = (i / 5) % 2 == 0 ? 0xC02020 : 0x202020;
        r.fillRect(gaugeX, my, gaugeW * (i % 5 == 0 ? 0.9 : 0.5), Math.max(1, step / 2), c);
      }
      r.fillRect(gaugeX - 3 * px, yAlarm - px, gaugeW + 6 * px, Math.max(1, 2 * px), 0xE02020); // painted alarm mark
      r.grainBackground(seed, 3);
      buildTexture();
      paintRailing(r);
    }

    private void paintRailing(Raster r) {
      double top = yRail - personPx * 0.55;
      double thick = Math.max(1, 2 * px);
      double[] gaps = zones.stream().mapToDouble(z -> z.gapX).toArray();
      double gapHalf = Math.max(6, 0.018 * width);
      double start = 0;
      for (int k = 0; k <= gaps.length; k++) {
        double end = k < gaps.length ? gaps[k] - gapHalf : width;
        if (end > start) {
          r.fillRect(start, top, end - start, thick, 0x3A3C3E);
          r.fillRect(start, (top + yRail) / 2, end - start, Math.max(1, px), 0x4A4C4E);
          for (double postX = start; postX <= end; postX += 40 * px) {
            r.fillRect(postX, top, thick, yRail - top, 0x3A3C3E);
          }
          r.fillRect(end - thick, top, thick, yRail - top, 0x3A3C3E);
        }
        if (k < gaps.length) {
          start = gaps[k] + gapHalf;
        }
      }
    }

    private void buildTexture() {
      if (texture != null) {
        return;
      }
      int rowLen = period + width;
      texture = new byte[texRows * rowLen * 3];
      SplittableRandom rnd = new SplittableRandom(seed ^ 0x3A7E4L);
      // ripples: waves long across the image and short along the view, so they read as horizontal
      // streaks; in perspective they grow towards the camera; all periodic over the texture
      int waves = 5;
      double[] lx = new double[waves], ly = new double[waves], ph = new double[waves], amp = new double[waves];
      for (int w = 0; w < waves; w++) {
        lx[w] = uniform(rnd, 40, 160) * px;
        ly[w] = uniform(rnd, 2.5, 7) * px;
        ph[w] = uniform(rnd, 0, 2 * Math.PI);
        amp[w] = uniform(rnd, 4, 9);
      }
      double[] patchPhase = {uniform(rnd, 0, 2 * Math.PI), uniform(rnd, 0, 2 * Math.PI)};
      double yw = 0; // distance along the water surface, in far-row pixels
      for (int row = 0; row < texRows; row++) {
        double y = texTop + row;
        double depth = Math.max(0, (y - yWater0) / (height - yWater0)); // 0 far .. 1 near
        double scale = 1 + 3 * depth;
        yw += 1 / scale;
        int base = Raster.mix(Raster.mix(waterColour, skyBottom, 0.35 * (1 - depth)), Raster.shade(waterColour, 0.8),
            depth * 0.5);
        double[] k = new double[waves], rowPhase = new double[waves];
        for (int w = 0; w < waves; w++) {
          int cycles = Math.max(1, (int) Math.round(period / (lx[w] * scale)));
          k[w] = 2 * Math.PI * cycles / period;
          rowPhase[w] = ph[w] + 2 * Math.PI * yw / ly[w];
        }
        int o = row * rowLen * 3;
        for (int xx = 0; xx < rowLen; xx++) {
          int xp = xx % period;
          double s = 0;
          for (int w = 0; w < waves; w++) {
            s += amp[w] * Math.sin(k[w] * xp + rowPhase[w]);
          }
          // wind patches: calmer and rougher stretches of water
          double patch = 0.6 + 0.4 * Math.sin(2 * Math.PI * xp / period + patchPhase[0] + yw * 0.01)
              * Math.sin(4 * Math.PI * xp / period + patchPhase[1]);
          s *= patch;
          if (s > 14) {
            s += (s - 14) * 3; // crests catch the sky
          }
          texture[o++] = Raster.clampByte((base & 0xff) + (int) s);
          texture[o++] = Raster.clampByte(((base >> 8) & 0xff) + (int) s);
          texture[o++] = Raster.clampByte(((base >> 16) & 0xff) + (int) s);
        }
      }
    }

    // -------------------------------------------------------------------------------------------
    // Frames

    /** The water surface's image row now (smaller = higher water). */
    double levelY(double t) {
      double rise = 0;
      for (Rise r : rises) {
        rise += r.at(t);
      }
      return yWater0 - rise + 0.002 * height * Math.sin(t * 0.8);
    }

    private void drawWater(Raster r, double t) {
      int top = (int) Math.round(levelY(t));
      int rowLen = period + width;
      for (int y = Math.max(texTop, top); y < height; y++) {
        double depth = Math.max(0, (y - yWater0) / (height - yWater0));
        double speed = current * ppmAt(y) * (0.6 + 0.4 * depth);
        int wobble = (int) Math.round(1.5 * Math.sin(t * 1.9 + y * 0.21));
        int row = Math.max(0, Math.min(texRows - 1, y - texTop + wobble));
        double shift = t * speed + 2 * Math.sin(t * 1.3 + y * 0.37);
        int offset = (int) Math.floorMod((long) Math.floor(currentRight ? -shift : shift), (long) period);
        r.copyRow(y, 0, texture, (row * rowLen + offset) * 3, width);
      }
      // a foam line where the water meets the wall
      r.blendRect(0, top, width, Math.max(1, 2 * px), 0xD8DCD8, 0.5);
    }

    private double walkerX(Walker w, int frame) {
      double t = time(frame - w.startFrame);
      if (w.zone == null) {
        return w.fromX + Math.signum(w.toX - w.fromX) * w.speed * t;
      }
      if (frame <= w.downFrame) {
        return w.fromX + Math.signum(w.zone.gapX - w.fromX) * w.speed * t;
      }
      if (frame >= w.upFrame) {
        double tu = time(frame - w.upFrame);
        return w.zone.gapX + Math.signum(w.toX - w.zone.gapX) * w.speed * tu;
      }
      int stepFrames = frameAt(2.0);
      if (frame < w.downFrame + stepFrames) {
        double k = (frame - w.downFrame) / (double) stepFrames;
        return w.zone.gapX + (w.standX - w.zone.gapX) * k;
      }
      if (frame > w.upFrame - stepFrames) {
        double k = (w.upFrame - frame) / (double) stepFrames;
        return w.zone.gapX + (w.standX - w.zone.gapX) * k;
      }
      return w.standX + 0.3 * ppmFar() * Math.sin(time(frame) * 0.4 + w.pathY);
    }

    private double walkerY(Walker w, int frame) {
      if (w.zone == null || frame <= w.downFrame || frame >= w.upFrame) {
        return w.pathY;
      }
      int stepFrames = frameAt(2.0);
      if (frame < w.downFrame + stepFrames) {
        return w.pathY + (w.standY - w.pathY) * (frame - w.downFrame) / (double) stepFrames;
      }
      if (frame > w.upFrame - stepFrames) {
        return w.pathY + (w.standY - w.pathY) * (w.upFrame - frame) / (double) stepFrames;
      }
      return w.standY;
    }

    @Override
    public void draw(Raster r, int frame) {
      double t = time(frame);
      drawWater(r, t);
      for (Glare g : glares) {
        if (frame >= g.startFrame && frame <= g.endFrame) {
          double tg = time(frame - g.startFrame);
          double env = Math.min(1, Math.min(tg, time(g.endFrame - frame)) / 2);
          for (int j = 0; j < g.dx.length; j++) {
            double a = Math.max(0, Math.sin(2 * Math.PI * g.f[j] * tg + g.phase[j]));
            if (a > 0.05) {
              r.softDisc(g.x + g.drift * tg + g.dx[j], g.y + g.dy[j], g.r[j], 0xF4F4F0, 0.9 * a * env);
            }
          }
        }
      }
      for (Debris d : debris) {
        if (frame >= d.startFrame && frame <= d.endFrame) {
          double td = time(frame - d.startFrame);
          double x = d.x0 + d.v * td;
          double y = d.y + 1.5 * px * Math.sin(td * 1.7 + d.bob);
          drawDebris(r, d, x, y, td);
        }
      }
      for (Bird b : birds) {
        if (frame >= b.startFrame && frame <= b.endFrame) {
          double tb = time(frame - b.startFrame);
          Figures.bird(r, b.x0 + b.vx * tb, b.y0 + b.vy * tb, b.size, Math.atan2(b.vy, b.vx),
              Math.sin(2 * Math.PI * 3 * tb), 0xE8E8E4);
        }
      }
      // people on the promenade (behind the railing), then the railing, then people below it
      List<Walker> below = new ArrayList<>();
      for (Walker w : walkers) {
        if (frame < w.startFrame || frame > w.endFrame) {
          continue;
        }
        if (w.zone != null && frame > w.downFrame && frame < w.upFrame) {
          below.add(w);
        } else {
          drawPerson(r, w, frame);
        }
      }
      paintRailing(r);
      for (Walker w : below) {
        drawPerson(r, w, frame);
      }
      r.gain(1 + driftA * Math.sin(2 * Math.PI * t / driftT + driftP));
      r.noise(sigma);
    }

    private void drawPerson(Raster r, Walker w, int frame) {
      double y = walkerY(w, frame);
      double h = personPx * (1 + 0.25 * (y - yPath0) / (yWater0 - yPath0));
      boolean standing = w.zone != null && frame >= w.downFrame + frameAt(2.0) && frame <= w.upFrame - frameAt(2.0);
      double phase = standing ? Double.NaN : time(frame) * 2 * Math.PI * 0.9;
      Figures.person(r, walkerX(w, frame), y, h, w.looks.shirt(), w.looks.trousers(), w.looks.hair(), phase);
    }

    private void drawDebris(Raster r, Debris d, double x, double y, double t) {
      double s = d.size;
      switch (d.kind) {
        case "bottle" -> {
          r.fillEllipse(x, y, s / 2, Math.max(1, s / 6), d.angle, d.colour, 0.9);
          r.fillEllipse(x + s * 0.15, y - s * 0.04, s / 6, Math.max(0.6, s / 14), d.angle, 0xFFFFFF, 0.7);
        }
        case "foam" -> {
          for (int k = 0; k < 6; k++) {
            double a = k * 1.7 + d.bob;
            r.softDisc(x + Math.cos(a) * s * 0.3, y + Math.sin(a) * s * 0.1, s * (0.2 + 0.05 * (k % 3)), d.colour,
                0.85 + 0.1 * Math.sin(t * 2 + k));
          }
        }
        case "branch" -> {
          double c = Math.cos(d.angle), sn = Math.sin(d.angle);
          double th = Math.max(1.5, s / 14);
          r.line(x - c * s / 2, y - sn * s / 2 * 0.3, x + c * s / 2, y + sn * s / 2 * 0.3, th, d.colour, 1);
          r.line(x - c * s * 0.1, y, x + c * s * 0.05, y - s * 0.12, th * 0.6, d.colour, 1);
          r.line(x + c * s * 0.2, y, x + c * s * 0.35, y + s * 0.06, th * 0.6, d.colour, 1);
        }
        default -> {
          r.fillEllipse(x, y, s / 2, s / 4, d.angle, d.colour, 0.9);
          r.fillEllipse(x + s * 0.2, y - s * 0.08, s / 5, s / 7, d.angle + 0.5, Raster.shade(d.colour, 1.15), 0.9);
        }
      }
    }
  }
}
