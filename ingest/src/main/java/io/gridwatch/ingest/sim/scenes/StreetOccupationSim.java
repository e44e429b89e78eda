package io.gridwatch.ingest.sim.scenes;

import io.gridwatch.contracts.alert.AlertScene;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Street occupation (占道经营): a row of shop fronts seen from a pole across the road, in
 * perspective (a pinhole camera 4.5-6.5 m up). Each of 2-4 shops has a sidewalk zone in front of
 * it in the scene file, with {@code dwellSeconds} of 60-120 s; frames are sampled every 2 s.
 *
 * <p><b>Events</b> (scene {@code street-occupation}, zone = the zone id): a stall, a clothes rack,
 * a table with stools, or goods (stacked cartons, crates) carried out of the shop, set down in the
 * zone and left longer than the dwell time, then taken in again. The label runs from the moment
 * it is set down to the moment it is picked up. Colours vary, some close to the pavement's.
 *
 * <p><b>Nuisances</b> (scene {@code street-occupation}): pedestrians walking along the sidewalk
 * or crossing the street ({@code pedestrian}); two or three people standing and chatting in a
 * zone for 20-60 s, always shorter than its dwell time ({@code chatting}, with the zone); a
 * delivery, a carton put down for less than the dwell time and then taken in ({@code delivery},
 * with the zone); passing cars ({@code vehicle}); a bicycle parked at the curb for minutes
 * ({@code bicycle}): it stands outside every zone on the ground, but seen from the camera it may
 * hide a small part of a zone's image (the label then names that zone); shadows sweeping across
 * ({@code shadow}); slow global lighting changes ({@code light-change}).
 */
public final class StreetOccupationSim implements SceneSim {

  public static final double MIN_COVERAGE = 0.10;

  @Override
  public String scene() {
    return "street-occupation";
  }

  @Override
  public Plan plan(long seed, int seconds, int width, int height) {
    return new Plan(seed, seconds, width, height);
  }

  static final class Building {
    double x0, x1, height;
    int wall;
  }

  static final class Shop {
    double x0, x1, doorX, shutterZ;
    boolean shutter;
    int sign, text, glass;
    Building building;
  }

  static final class Zone {
    String id;
    Shop shop;
    double x0, x1, d0, d1;
    double[] xs, ys;
    double dwell;
  }

  /** A person's looks. */
  record Looks(int shirt, int trousers, int hair, double heightM) {}

  /** Something carried out, left and carried back (an occupation or a delivery). */
  static final class Placement {
    String kind;
    Zone zone;
    Solid solid;
    List<Solid.Face> faces;
    double[] footprint;
    int placeFrame, pickFrame;
    /** Where the carrier comes from and goes back to (x, d). */
    double fromX, fromD, backX, backD;
    Looks carrier, collector;
    boolean delivery;
  }

  static final class Chat {
    Zone zone;
    double[][] spots; // x, d per person
    Looks[] people;
    double fromX;
    int arriveFrame, leaveFrame;
  }

  /** Someone walking a straight line at constant speed. */
  static final class Walker {
    double x0, d0, vx, vd;
    Looks looks;
    int startFrame, endFrame;
  }

  static final class Bicycle {
    double x, d;
    int colour;
    Looks rider;
    int startFrame, endFrame;
  }

  static final class Vehicle {
    double x0, d, v, length;
    int colour;
    int startFrame, endFrame;
  }

  static final class Shadow {
    double width, slant, factor, x0, speed;
    int startFrame, endFrame;
  }

  static final class LightChange {
    double target, attack, hold, release;
    int startFrame, endFrame;
  }

  public static final class Plan extends ScenePlan {

    private static final double WALK_S = 3.0;

    private final double sidewalk;
    private final double road;
    private final Solid.StreetView view;
    private final double focal;
    private final List<Building> buildings = new ArrayList<>();
    private final List<Shop> shops = new ArrayList<>();
    final List<Zone> zones = new ArrayList<>();
    private final int pavement, pavementGrout, curb, asphalt, farSide, skyTop, skyBottom;
    private final double tile;
    private final double sigma;
    private final double driftA, driftT, driftP;

    final List<Placement> placements = new ArrayList<>();
    final List<Chat> chats = new ArrayList<>();
    final List<Walker> walkers = new ArrayList<>();
    final List<Bicycle> bicycles = new ArrayList<>();
    final List<Vehicle> vehicles = new ArrayList<>();
    final List<Shadow> shadows = new ArrayList<>();
    final List<LightChange> lightChanges = new ArrayList<>();

    Plan(long seed, int seconds, int width, int height) {
      super(seed, seconds, width, height);
      SplittableRandom root = new SplittableRandom(seed);
      SplittableRandom geo = root.split();
      sidewalk = uniform(geo, 4.0, 5.5);
      road = uniform(geo, 7, 10);
      double[] eye = {0, -(sidewalk + road + uniform(geo, 1.0, 3.0)), uniform(geo, 4.5, 6.5)};
      double[] target = {uniform(geo, 8, 14), -uniform(geo, 0.5, 1.5), uniform(geo, 0.5, 1.5)};
      double hfov = uniform(geo, 58, 72);
      view = new Solid.StreetView(new PinholeCamera(eye, target, hfov, width, height));
      focal = (width / 2.0) / Math.tan(Math.toRadians(hfov) / 2);
      int[] paves = {0x9A9590, 0xA8A39A, 0x8E9092, 0xB0AAA2, 0x9C948A};
      pavement = paves[geo.nextInt(paves.length)];
      pavementGrout = Raster.shade(pavement, 0.8);
      curb = Raster.shade(pavement, 1.18);
      asphalt = Raster.mix(0x505356, 0x6A6A68, geo.nextDouble());
      farSide = Raster.shade(pavement, 1.05);
      tile = geo.nextBoolean() ? 0.5 : 0.6;
      boolean overcast = geo.nextDouble() < 0.4;
      skyTop = overcast ? 0xA9B0B8 : 0x78A4DA;
      skyBottom = overcast ? 0xD0D4D8 : 0xC4D8EE;
      sigma = uniform(geo, 2.0, 3.0);
      driftA = uniform(geo, 0.02, 0.05);
      driftT = uniform(geo, 120, 500);
      driftP = uniform(geo, 0, 2 * Math.PI);
      layoutShops(geo);
      layoutZones(geo);

      schedulePlacements(root.split());
      scheduleWalkers(root.split());
      scheduleBicycles(root.split());
      scheduleVehicles(root.split());
      scheduleShadows(root.split());
      scheduleLightChanges(root.split());
    }

    @Override
    public String scene() {
      return "street-occupation";
    }

    @Override
    public String sceneYaml(String cameraId, String gridId) {
      StringBuilder zs = new StringBuilder();
      for (Zone z : zones) {
        zs.append("    - id: ").append(z.id).append('\n')
            .append("      polygon: ").append(polygon(z.xs, z.ys)).append('\n')
            .append("      dwellSeconds: ").append(num(z.dwell)).append('\n')
            .append("      minCoverage: ").append(MIN_COVERAGE).append('\n');
      }
      return """
          # Generated by gridwatch sim: scene street-occupation, seed %d, %dx%d.
          # %d shop-front zones on a %.1f m sidewalk, seen from across a %.1f m road.
          cameraId: %s
          gridId: %s
          scene: street-occupation
          sampling: {mode: every, everySeconds: 2}
          streetOccupation:
            zones:
          %s""".formatted(seed, width, height, zones.size(), sidewalk, road, cameraId, gridId, zs);
    }

    // -------------------------------------------------------------------------------------------
    // Geometry

    /** The x range of the line at distance d (z = 0) that the camera sees, with a margin. */
    private double[] visibleX(double d, double margin) {
      double lo = Double.NaN, hi = Double.NaN;
      for (double x = -40; x <= 200; x += 0.25) {
        double[] p = view.project(x, d, 0);
        // people further than 40 m away are a few pixels tall: not worth walking them there
        if (p[2] > 0.5 && p[2] < 40 && p[0] >= -margin * width && p[0] <= width * (1 + margin)) {
          if (Double.isNaN(lo)) {
            lo = x;
          }
          hi = x;
        }
      }
      return new double[] {lo, hi};
    }

    private void layoutShops(SplittableRandom geo) {
      double[] vis = visibleX(0, 0.05);
      double x = vis[0] - 3;
      double end = Math.min(vis[1] + 3, 90);
      int[] signs = {0xC8302C, 0x2C5AA8, 0x2E8A4A, 0xE0B020, 0xF2F2F0, 0x8A2C8A, 0xD86A20, 0x303030};
      int[] walls = {0xD8CBB5, 0xC9C4BC, 0xE3D6CF, 0xB9B2A6, 0xBFA58A, 0xA9B0B5, 0xD2C6A6};
      Building b = null;
      int shopsInBuilding = 0;
      while (x < end) {
        if (b == null || shopsInBuilding >= 1 + geo.nextInt(3)) {
          b = new Building();
          b.x0 = x;
          b.height = uniform(geo, 10, 24);
          b.wall = walls[geo.nextInt(walls.length)];
          buildings.add(b);
          shopsInBuilding = 0;
        }
        Shop s = new Shop();
        s.x0 = x;
        s.x1 = x + uniform(geo, 4, 7);
        s.doorX = uniform(geo, s.x0 + 1.2, s.x1 - 1.2);
        s.sign = signs[geo.nextInt(signs.length)];
        s.text = Raster.luma(s.sign) > 150 ? 0x202020 : (geo.nextBoolean() ? 0xF8F8F0 : 0xF0D040);
        s.glass = Raster.mix(0x2A3038, 0x5A6068, geo.nextDouble());
        s.shutter = geo.nextDouble() < 0.25;
        s.shutterZ = uniform(geo, 1.6, 2.6);
        s.building = b;
        shops.add(s);
        b.x1 = s.x1;
        shopsInBuilding++;
        x = s.x1;
      }
    }

    private void layoutZones(SplittableRandom geo) {
      List<Zone> candidates = new ArrayList<>();
      double depth = Math.min(uniform(geo, 2.0, 2.8), sidewalk - 1.3);
      for (int i = 0; i < shops.size(); i++) {
        Shop s = shops.get(i);
        Zone z = new Zone();
        z.id = "shop-" + (i + 1);
        z.shop = s;
        z.x0 = s.x0 + 0.4;
        z.x1 = s.x1 - 0.4;
        z.d0 = 0.3;
        z.d1 = depth;
        double[][] c = {view.project(z.x0, z.d0, 0), view.project(z.x1, z.d0, 0), view.project(z.x1, z.d1, 0),
            view.project(z.x0, z.d1, 0)};
        boolean inside = true;
        for (double[] p : c) {
          inside &= p[2] > 1 && p[0] >= 0.02 * width && p[0] <= 0.98 * width && p[1] >= 0.02 * height
              && p[1] <= 0.98 * height;
        }
        if (!inside || c[1][0] - c[0][0] < 0.07 * width) {
          continue;
        }
        z.xs = new double[] {Math.round(c[0][0]), Math.round(c[1][0]), Math.round(c[2][0]), Math.round(c[3][0])};
        z.ys = new double[] {Math.round(c[0][1]), Math.round(c[1][1]), Math.round(c[2][1]), Math.round(c[3][1])};
        z.dwell = 5 * Math.round(uniform(geo, 60, 120) / 5);
        candidates.add(z);
      }
      if (candidates.isEmpty()) {
        throw new IllegalStateException("seed " + seed + ": no shop front is fully in view");
      }
      int n = Math.min(candidates.size(), 2 + geo.nextInt(3));
      // keep a random subset, in order along the street
      while (candidates.size() > n) {
        candidates.remove(geo.nextInt(candidates.size()));
      }
      zones.addAll(candidates);
    }

    // -------------------------------------------------------------------------------------------
    // Schedule

    private Looks looks(SplittableRandom rnd) {
      int[] shirts = {0xE8E8E4, 0x2A2A30, 0xC83A3A, 0x3A62C8, 0x6A8A4A, 0xE8C040, 0x8A8A8A, 0xD88AA8, 0x4A3A2A,
          0x2A6A8A};
      int[] trousers = {0x2A2A36, 0x3A4A6A, 0x5A5A5A, 0x1A1A1A, 0x7A6A5A, 0xC8C0B0};
      int[] hair = {0x1A1612, 0x2A221A, 0x3A3028, 0x8A8A88};
      return new Looks(shirts[rnd.nextInt(shirts.length)], trousers[rnd.nextInt(trousers.length)],
          hair[rnd.nextInt(hair.length)], uniform(rnd, 1.55, 1.85));
    }

    private int objectColour(SplittableRandom rnd, int[] palette) {
      int c = palette[rnd.nextInt(palette.length)];
      // some things are close to the pavement's brightness: hard for a detector
      return rnd.nextDouble() < 0.3 ? Raster.mix(pavement, c, uniform(rnd, 0.25, 0.5)) : c;
    }

    private Solid stall(SplittableRandom rnd, double x, double d, double w, double dp) {
      List<Solid.Box> b = new ArrayList<>();
      int cloth = objectColour(rnd, new int[] {0xC83A3A, 0x3A62C8, 0xE8E8E4, 0x3A8A4A, 0x8A8A8A, 0xD8A040});
      b.add(new Solid.Box(x, x + w, d, d + dp, 0, 0.8, cloth));
      int[] goods = {0xE84A2A, 0xF0C030, 0x7AB040, 0xE8E8E0, 0x8A5A3A, 0xD04A8A};
      for (double gx = x + 0.05; gx + 0.25 < x + w; gx += uniform(rnd, 0.3, 0.45)) {
        double gh = uniform(rnd, 0.08, 0.25);
        b.add(new Solid.Box(gx, gx + 0.25, d + 0.1, d + dp - 0.1, 0.8, 0.8 + gh, goods[rnd.nextInt(goods.length)]));
      }
      if (rnd.nextDouble() < 0.7) { // canopy on poles
        int canopy = objectColour(rnd, new int[] {0xC83A3A, 0x3A62C8, 0xF2F2F0, 0x3A8A4A, 0xE8C040});
        b.add(new Solid.Box(x, x + 0.05, d + dp - 0.05, d + dp, 0.8, 2.1, 0x505050));
        b.add(new Solid.Box(x + w - 0.05, x + w, d + dp - 0.05, d + dp, 0.8, 2.1, 0x505050));
        b.add(new Solid.Box(x - 0.2, x + w + 0.2, d - 0.1, d + dp + 0.3, 2.1, 2.18, canopy));
      }
      return new Solid(b);
    }

    private Solid rack(SplittableRandom rnd, double x, double d, double w) {
      List<Solid.Box> b = new ArrayList<>();
      b.add(new Solid.Box(x, x + 0.04, d + 0.2, d + 0.24, 0, 1.6, 0x707070));
      b.add(new Solid.Box(x + w - 0.04, x + w, d + 0.2, d + 0.24, 0, 1.6, 0x707070));
      b.add(new Solid.Box(x, x + w, d + 0.2, d + 0.24, 1.56, 1.6, 0x707070));
      int[] clothes = {0xC83A3A, 0x3A62C8, 0xE8E8E4, 0x2A2A2A, 0xE8A0B8, 0x6A8A4A, 0xD8C8A0, 0x8A6A4A};
      for (double gx = x + 0.08; gx + 0.1 < x + w - 0.05; gx += uniform(rnd, 0.12, 0.22)) {
        double bottom = uniform(rnd, 0.6, 1.0);
        b.add(new Solid.Box(gx, gx + 0.09, d, d + 0.45, bottom, 1.52, objectColour(rnd, clothes)));
      }
      return new Solid(b);
    }

    private Solid table(SplittableRandom rnd, double x, double d, double w, double dp) {
      List<Solid.Box> b = new ArrayList<>();
      int top = objectColour(rnd, new int[] {0xE8E8E4, 0x8A6A4A, 0x3A62C8, 0xC83A3A, 0x6A6A6A});
      double tx0 = x + 0.3, tx1 = x + w - 0.3, td0 = d + 0.3, td1 = d + dp - 0.3;
      for (double[] leg : new double[][] {{tx0, td0}, {tx1 - 0.05, td0}, {tx0, td1 - 0.05}, {tx1 - 0.05, td1 - 0.05}}) {
        b.add(new Solid.Box(leg[0], leg[0] + 0.05, leg[1], leg[1] + 0.05, 0, 0.72, 0x505050));
      }
      b.add(new Solid.Box(tx0, tx1, td0, td1, 0.72, 0.77, top));
      int stool = objectColour(rnd, new int[] {0x3A62C8, 0xC83A3A, 0xE8E8E4, 0x2E8A4A});
      int stools = 2 + rnd.nextInt(3);
      double[][] spots = {{x, d + dp / 2 - 0.17}, {x + w - 0.35, d + dp / 2 - 0.17}, {x + w / 2 - 0.17, d},
          {x + w / 2 - 0.17, d + dp - 0.35}};
      for (int i = 0; i < stools; i++) {
        b.add(new Solid.Box(spots[i][0], spots[i][0] + 0.34, spots[i][1], spots[i][1] + 0.34, 0, 0.45, stool));
      }
      b.add(new Solid.Box((tx0 + tx1) / 2 - 0.08, (tx0 + tx1) / 2 + 0.08, (td0 + td1) / 2 - 0.08,
          (td0 + td1) / 2 + 0.08, 0.77, 0.95, 0xE8E8E0));
      return new Solid(b);
    }

    private Solid goods(SplittableRandom rnd, double x, double d, double w, double dp) {
      List<Solid.Box> b = new ArrayList<>();
      int[] cartons = {0xA27A4E, 0xB8946A, 0xD8D4C8, 0x8C6A44, 0x6A8AB0, 0xC83A3A};
      boolean crates = rnd.nextDouble() < 0.4;
      double cw = crates ? 0.55 : uniform(rnd, 0.4, 0.6), cd = crates ? 0.4 : uniform(rnd, 0.35, 0.5);
      double ch = crates ? 0.3 : uniform(rnd, 0.3, 0.45);
      int layers = 1 + rnd.nextInt(3);
      for (double gx = x; gx + cw <= x + w + 1e-6; gx += cw + 0.03) {
        for (double gd = d; gd + cd <= d + dp + 1e-6; gd += cd + 0.03) {
          int n = 1 + rnd.nextInt(layers);
          for (int k = 0; k < n; k++) {
            int colour = objectColour(rnd, cartons);
            b.add(new Solid.Box(gx, gx + cw, gd, gd + cd, k * ch, (k + 1) * ch, colour));
            if (crates && k == n - 1) { // fruit in the open crate
              int[] fruit = {0xE84A2A, 0xF0C030, 0x7AB040, 0xF08A20};
              b.add(new Solid.Box(gx + 0.04, gx + cw - 0.04, gd + 0.04, gd + cd - 0.04, (k + 1) * ch, (k + 1) * ch + 0.06,
                  fruit[rnd.nextInt(fruit.length)]));
            }
          }
        }
      }
      return new Solid(b);
    }

    private Solid carton(SplittableRandom rnd, double x, double d) {
      int colour = objectColour(rnd, new int[] {0xA27A4E, 0xB8946A, 0xD8D4C8});
      double w = uniform(rnd, 0.4, 0.7), dp = uniform(rnd, 0.3, 0.5), h = uniform(rnd, 0.3, 0.5);
      List<Solid.Box> b = new ArrayList<>();
      b.add(new Solid.Box(x, x + w, d, d + dp, 0, h, colour));
      if (rnd.nextBoolean()) {
        b.add(new Solid.Box(x + 0.05, x + w - 0.05, d + 0.05, d + dp - 0.05, h, h + uniform(rnd, 0.2, 0.35),
            Raster.shade(colour, 0.9)));
      }
      return new Solid(b);
    }

    /** An occupying thing for a zone, sized so that it covers enough of the zone's image. */
    private Solid occupier(SplittableRandom rnd, String kind, Zone z) {
      double zoneW = z.x1 - z.x0, zoneD = z.d1 - z.d0;
      for (int attempt = 0; ; attempt++) {
        double grow = 1 + 0.25 * attempt;
        double w, dp;
        Solid s;
        switch (kind) {
          case "stall" -> {
            w = Math.min(zoneW - 0.6, uniform(rnd, 1.4, 2.2) * grow);
            dp = Math.min(zoneD - 0.6, uniform(rnd, 0.7, 1.0));
          }
          case "rack" -> {
            w = Math.min(zoneW - 0.4, uniform(rnd, 1.2, 1.8) * grow);
            dp = 0.45;
          }
          case "table" -> {
            w = Math.min(zoneW - 0.3, uniform(rnd, 1.6, 2.0) * Math.min(grow, 1.3));
            dp = Math.min(zoneD - 0.2, uniform(rnd, 1.5, 1.9));
          }
          default -> {
            w = Math.min(zoneW - 0.3, uniform(rnd, 1.0, 2.0) * grow);
            dp = Math.min(zoneD - 0.2, uniform(rnd, 0.6, 1.0) * Math.min(grow, 1.5));
          }
        }
        double x = uniform(rnd, z.x0 + 0.15, Math.max(z.x0 + 0.16, z.x1 - w - 0.15));
        double d = uniform(rnd, z.d0 + 0.1, Math.max(z.d0 + 0.11, z.d1 - dp - 0.1));
        s = switch (kind) {
          case "stall" -> stall(rnd, x, d, w, dp);
          case "rack" -> rack(rnd, x, d, w);
          case "table" -> table(rnd, x, d, w, dp);
          default -> goods(rnd, x, d, w, dp);
        };
        if (attempt >= 4 || Coverage.share(z.xs, z.ys, s.faces(view)) >= 1.5 * MIN_COVERAGE) {
          return s;
        }
      }
    }

    private void schedulePlacements(SplittableRandom rnd) {
      String[] kinds = {"stall", "rack", "table", "goods"};
      int last = frames() - 1;
      for (Zone z : zones) {
        SplittableRandom zr = rnd.split();
        double t = uniform(zr, 5, 60);
        while (true) {
          double pick = zr.nextDouble();
          double occupyS = z.dwell + uniform(zr, 30, 240);
          double chatS = uniform(zr, 20, Math.min(60, z.dwell - 10));
          double deliveryS = uniform(zr, 10, Math.min(40, z.dwell - 15));
          if (pick < 0.45 && frameAt(t + occupyS + 2 * WALK_S) < last) {
            Placement p = new Placement();
            p.kind = kinds[zr.nextInt(kinds.length)];
            p.zone = z;
            p.solid = occupier(zr, p.kind, z);
            p.faces = p.solid.faces(view);
            p.footprint = p.solid.footprint();
            p.placeFrame = frameAt(t + WALK_S);
            p.pickFrame = frameAt(t + WALK_S + occupyS);
            p.fromX = z.shop.doorX;
            p.fromD = 0.15;
            p.backX = z.shop.doorX;
            p.backD = 0.15;
            p.carrier = looks(zr);
            p.collector = p.carrier;
            placements.add(p);
            event(AlertScene.STREET_OCCUPATION, p.placeFrame, p.pickFrame, z.id, p.kind);
            t += occupyS + 2 * WALK_S;
          } else if (pick < 0.75 && frameAt(t + chatS + 2 * WALK_S) < last) {
            Chat c = new Chat();
            c.zone = z;
            int n = 2 + zr.nextInt(2);
            c.people = new Looks[n];
            c.spots = new double[n][];
            double cx = uniform(zr, z.x0 + 0.6, Math.max(z.x0 + 0.61, z.x1 - 0.6 - 0.6 * n));
            double cd = uniform(zr, z.d0 + 0.4, Math.max(z.d0 + 0.41, z.d1 - 0.4));
            for (int i = 0; i < n; i++) {
              c.people[i] = looks(zr);
              c.spots[i] = new double[] {cx + i * uniform(zr, 0.5, 0.7), cd + uniform(zr, -0.3, 0.3)};
            }
            c.fromX = zr.nextBoolean() ? z.x0 - 4 : z.x1 + 4;
            c.arriveFrame = frameAt(t + WALK_S);
            c.leaveFrame = frameAt(t + WALK_S + chatS);
            chats.add(c);
            nuisance(AlertScene.STREET_OCCUPATION, frameAt(t), frameAt(t + chatS + 2 * WALK_S), z.id, "chatting");
            t += chatS + 2 * WALK_S;
          } else if (frameAt(t + deliveryS + 2 * WALK_S) < last) {
            Placement p = new Placement();
            p.kind = "delivery";
            p.delivery = true;
            p.zone = z;
            double x = uniform(zr, z.x0 + 0.2, Math.max(z.x0 + 0.21, z.x1 - 0.9));
            double d = uniform(zr, z.d0 + 0.2, Math.max(z.d0 + 0.21, z.d1 - 0.6));
            p.solid = carton(zr, x, d);
            p.faces = p.solid.faces(view);
            p.footprint = p.solid.footprint();
            p.placeFrame = frameAt(t + WALK_S);
            p.pickFrame = frameAt(t + WALK_S + deliveryS);
            p.fromX = x + uniform(zr, -3, 3);
            p.fromD = sidewalk + 0.5;
            p.backX = z.shop.doorX;
            p.backD = 0.15;
            p.carrier = looks(zr);
            p.collector = looks(zr);
            placements.add(p);
            nuisance(AlertScene.STREET_OCCUPATION, frameAt(t), frameAt(t + deliveryS + 2 * WALK_S), z.id, "delivery");
            t += deliveryS + 2 * WALK_S;
          } else {
            break;
          }
          t += uniform(zr, 15, 90);
        }
      }
    }

    private void scheduleWalkers(SplittableRandom rnd) {
      double meanGap = uniform(rnd, 4, 12);
      double t = uniform(rnd, 0, meanGap);
      while (t < seconds) {
        Walker w = new Walker();
        w.looks = looks(rnd);
        double speed = uniform(rnd, 0.9, 1.6);
        if (rnd.nextDouble() < 0.8) { // along the sidewalk
          double d = uniform(rnd, 0.6, sidewalk - 0.4);
          double[] vis = visibleX(d, 0.1);
          boolean right = rnd.nextBoolean();
          w.x0 = right ? vis[0] - 1 : vis[1] + 1;
          w.d0 = d;
          w.vx = right ? speed : -speed;
          w.startFrame = frameAt(t);
          w.endFrame = w.startFrame + frameAt((vis[1] - vis[0] + 2) / speed);
        } else { // crossing the street, to or from a shop
          double[] vis = visibleX(0, -0.1);
          double x = uniform(rnd, vis[0], Math.min(vis[1], vis[0] + 30));
          boolean in = rnd.nextBoolean();
          double far = sidewalk + road + 0.5;
          w.x0 = x;
          w.d0 = in ? far : 0.3;
          w.vd = in ? -speed : speed;
          w.vx = uniform(rnd, -0.3, 0.3);
          w.startFrame = frameAt(t);
          w.endFrame = w.startFrame + frameAt((far - 0.3) / speed);
        }
        walkers.add(w);
        nuisance(AlertScene.STREET_OCCUPATION, w.startFrame, w.endFrame, null, "pedestrian");
        t += uniform(rnd, 0.3, 2 * meanGap);
      }
    }

    private void scheduleBicycles(SplittableRandom rnd) {
      if (seconds < 120) {
        return;
      }
      int n = (rnd.nextDouble() < 0.7 ? 1 : 0) + (rnd.nextDouble() < 0.3 ? 1 : 0);
      double[] vis = visibleX(sidewalk - 0.6, -0.1);
      for (int i = 0; i < n; i++) {
        Bicycle b = new Bicycle();
        b.d = sidewalk - uniform(rnd, 0.5, 0.8);
        b.x = uniform(rnd, vis[0] + 1, Math.min(vis[1] - 1, vis[0] + 25));
        int[] frames = {0x202020, 0xC83A3A, 0x3A62C8, 0xE8E8E4, 0x2E8A4A};
        b.colour = frames[rnd.nextInt(frames.length)];
        b.rider = looks(rnd);
        double start = uniform(rnd, 0, seconds - 60);
        b.startFrame = frameAt(start);
        b.endFrame = Math.min(frames() - 1, frameAt(start + uniform(rnd, 120, 480)));
        bicycles.add(b);
        String zone = null;
        double best = 0;
        List<Solid.Face> shape = List.of(bicycleOutline(b));
        for (Zone z : zones) {
          double share = Coverage.share(z.xs, z.ys, shape);
          if (share > best) {
            best = share;
            zone = z.id;
          }
        }
        nuisance(AlertScene.STREET_OCCUPATION, b.startFrame, b.endFrame, zone, "bicycle");
      }
    }

    private Solid.Face bicycleOutline(Bicycle b) {
      return view.quad(b.x - 0.9, b.d, 0, b.x + 0.9, b.d, 0, b.x + 0.9, b.d, 1.1, b.x - 0.9, b.d, 1.1, 0);
    }

    private void scheduleVehicles(SplittableRandom rnd) {
      double meanGap = uniform(rnd, 6, 20);
      double t = uniform(rnd, 0, meanGap);
      while (t < seconds) {
        Vehicle v = new Vehicle();
        boolean nearLane = rnd.nextBoolean();
        v.d = sidewalk + road * (nearLane ? 0.72 : 0.28) - 0.9;
        double speed = uniform(rnd, 6, 12);
        v.v = nearLane ? -speed : speed;
        v.length = uniform(rnd, 4.0, 4.8);
        int[] colours = {0xF0F0F0, 0xB8BCC0, 0x202226, 0x8A1A1A, 0x1A3A6A, 0x4A4A4A};
        v.colour = colours[rnd.nextInt(colours.length)];
        double[] vis = visibleX(v.d, 0.3);
        v.x0 = v.v > 0 ? vis[0] - 6 : vis[1] + 6;
        v.startFrame = frameAt(t);
        v.endFrame = v.startFrame + frameAt((vis[1] - vis[0] + 12) / speed);
        vehicles.add(v);
        nuisance(AlertScene.STREET_OCCUPATION, v.startFrame, v.endFrame, null, "vehicle");
        t += uniform(rnd, 2, 2 * meanGap);
      }
    }

    private void scheduleShadows(SplittableRandom rnd) {
      int n = count(rnd, seconds / 180.0, 0);
      for (int i = 0; i < n; i++) {
        Shadow s = new Shadow();
        s.width = width * uniform(rnd, 0.1, 0.3);
        s.slant = uniform(rnd, -0.5, 0.5) * height;
        s.factor = uniform(rnd, 0.65, 0.85);
        double duration = uniform(rnd, 6, 20);
        boolean right = rnd.nextBoolean();
        double travel = width + s.width + Math.abs(s.slant);
        s.speed = (right ? 1 : -1) * travel / duration;
        s.x0 = right ? -s.width - Math.max(0, s.slant) : width + Math.max(0, -s.slant);
        s.startFrame = rnd.nextInt(frames());
        s.endFrame = s.startFrame + frameAt(duration);
        shadows.add(s);
        nuisance(AlertScene.STREET_OCCUPATION, s.startFrame, s.endFrame, null, "shadow");
      }
    }

    private void scheduleLightChanges(SplittableRandom rnd) {
      int n = count(rnd, seconds / 300.0, 0);
      for (int i = 0; i < n; i++) {
        LightChange l = new LightChange();
        l.target = rnd.nextBoolean() ? uniform(rnd, 0.72, 0.9) : uniform(rnd, 1.1, 1.25);
        l.attack = uniform(rnd, 20, 60);
        l.hold = uniform(rnd, 30, 120);
        l.release = uniform(rnd, 20, 60);
        l.startFrame = rnd.nextInt(frames());
        l.endFrame = l.startFrame + frameAt(l.attack + l.hold + l.release);
        lightChanges.add(l);
        nuisance(AlertScene.STREET_OCCUPATION, l.startFrame, l.endFrame, null, "light-change");
      }
    }

    // -------------------------------------------------------------------------------------------
    // Background

    private Shop shopAt(double x) {
      for (Shop s : shops) {
        if (x >= s.x0 && x < s.x1) {
          return s;
        }
      }
      return null;
    }

    private int facadeColour(double x, double z, double ppm) {
      Shop s = shopAt(x);
      if (s == null) {
        return 0xA8A4A0;
      }
      double lx = x - s.x0, w = s.x1 - s.x0;
      if (z < 3.6) {
        if (lx < 0.25 || lx > w - 0.25) {
          return 0x8A8682; // pillar
        }
        if (z >= 3.0) { // sign board with "characters"
          double sx = lx - 0.25, sw = w - 0.5;
          boolean text = z > 3.12 && z < 3.48 && sx > sw * 0.15 && sx < sw * 0.85 && ((sx - sw * 0.15) % 0.62) < 0.48;
          return text ? s.text : s.sign;
        }
        if (z < 0.35) {
          return 0x58585A;
        }
        if (s.shutter && z > s.shutterZ) {
          return ((int) (z / 0.09)) % 2 == 0 ? 0xA0A4A8 : 0x8A8E92;
        }
        double dx = Math.abs(x - s.doorX);
        if (dx < 0.8) {
          if (dx > 0.72 || (z > 2.35 && z < 2.43)) {
            return 0xB0B0B0;
          }
          return z > 2.43 ? s.glass : Raster.shade(s.glass, 0.7);
        }
        if ((lx % 1.6) < 0.06) {
          return 0xB0B0B0; // mullion
        }
        int g = s.glass;
        if ((z % 0.55) < 0.06) {
          g = Raster.shade(g, 1.4); // shelves inside
        }
        return Raster.mix(g, skyBottom, (z - 0.35) / 2.65 * 0.25);
      }
      if (z < 3.8) {
        return 0xD8D4CC;
      }
      Building b = s.building;
      double fz = (z - 3.8) % 3.0, fx = (x - b.x0) % 2.6;
      if (fz > 0.9 && fz < 2.3 && fx > 0.6 && fx < 2.0) {
        boolean frame = fz < 0.97 || fz > 2.23 || fx < 0.67 || fx > 1.93;
        return frame ? 0xD8D8D4 : Raster.mix(0x38424C, skyBottom, (fz - 0.9) / 1.4 * 0.3);
      }
      if (fz < 0.12) {
        return Raster.shade(b.wall, 0.88);
      }
      return b.wall;
    }

    private double buildingHeight(double x) {
      for (Building b : buildings) {
        if (x >= b.x0 && x < b.x1) {
          return b.height;
        }
      }
      return 0;
    }

    private int groundColour(double x, double d, double ppm) {
      if (d <= sidewalk) {
        if (d > sidewalk - 0.25) {
          return curb;
        }
        double gx = ((x % tile) + tile) % tile, gd = d % tile;
        long tx = (long) Math.floor(x / tile), td = (long) Math.floor(d / tile);
        int variation = Raster.grain(seed ^ 0x711EL, (int) tx, (int) td, 6);
        int base = Raster.shade(pavement, 1 + variation / 100.0);
        double grout = 0.025;
        if (gx < grout || gd < grout) {
          double contrast = Math.min(1, ppm * grout / 1.5); // fade the joints where they are sub-pixel
          return Raster.mix(base, pavementGrout, contrast);
        }
        return base;
      }
      if (d <= sidewalk + road) {
        double mid = sidewalk + road / 2;
        if (Math.abs(d - mid) < 0.08 && (((x % 6) + 6) % 6) < 3) {
          return 0xE0E0D8; // dashed centre line
        }
        if (Math.abs(d - (sidewalk + 0.35)) < 0.06) {
          return 0xD8D8D0; // edge line
        }
        return asphalt;
      }
      return farSide;
    }

    private int colourAt(double u, double v, double[] ray) {
      view.camera().ray(u, v, ray);
      double[] eye = view.camera().eye(); // world (x, y = -d, z)
      double rx = ray[0], ry = ray[1], rz = ray[2];
      if (ry > 1e-9) {
        double t = -eye[1] / ry;
        double x = eye[0] + t * rx, z = eye[2] + t * rz;
        if (z >= 0) {
          if (z <= buildingHeight(x)) {
            return facadeColour(x, z, focal / t);
          }
          return Raster.mix(skyTop, skyBottom, Math.max(0, Math.min(1, v / height * 1.5)));
        }
      }
      if (rz < 0) {
        double t = -eye[2] / rz;
        double x = eye[0] + t * rx, d = -(eye[1] + t * ry);
        return groundColour(x, Math.max(0, d), focal / t);
      }
      return Raster.mix(skyTop, skyBottom, Math.max(0, Math.min(1, v / height * 1.5)));
    }

    @Override
    protected void paintBackground(Raster r) {
      double[] ray = new double[3];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int sr = 0, sg = 0, sb = 0;
          for (int s = 0; s < 4; s++) {
            int c = colourAt(x + 0.25 + 0.5 * (s & 1), y + 0.25 + 0.5 * (s >> 1), ray);
            sr += (c >> 16) & 0xff;
            sg += (c >> 8) & 0xff;
            sb += c & 0xff;
          }
          r.set(x, y, ((sr / 4) << 16) | ((sg / 4) << 8) | (sb / 4));
        }
      }
      r.grainBackground(seed, 3);
    }

    // -------------------------------------------------------------------------------------------
    // Frames

    /** Something to draw at a distance d from the building line (far things first). */
    private record Item(double d, Runnable draw) {}

    private void person(Raster r, double x, double d, Looks looks, double phase) {
      double[] feet = view.project(x, d, 0);
      double headV = view.v(x, d, looks.heightM());
      Figures.person(r, feet[0], feet[1], feet[1] - headV, looks.shirt(), looks.trousers(), looks.hair(), phase);
    }

    private void castShadow(Raster r, double[] fp) {
      Solid.Face f = view.ground(fp[0] + 0.1, fp[1] + 0.35, fp[2] + 0.05, fp[3] + 0.25, 0);
      r.shadePolygon(f.xs(), f.ys(), 4, 0.8);
    }

    @Override
    public void draw(Raster r, int frame) {
      double t = time(frame);
      List<Item> items = new ArrayList<>();
      int walkFrames = frameAt(WALK_S);
      for (Placement p : placements) {
        int arrive = p.placeFrame - walkFrames, gone = p.pickFrame + walkFrames;
        if (frame < arrive || frame > gone) {
          continue;
        }
        double cx = (p.footprint[0] + p.footprint[1]) / 2, cd = (p.footprint[2] + p.footprint[3]) / 2;
        if (frame < p.placeFrame) { // carried in
          double k = (frame - arrive) / (double) walkFrames;
          double x = p.fromX + (cx - p.fromX) * k, d = p.fromD + (cd - p.fromD) * k;
          Solid moved = p.solid.moved(x - cx, d - cd);
          items.add(new Item(d, () -> {
            Solid.draw(r, moved.faces(view));
            person(r, x - 0.3, d + 0.35, p.carrier, frame * 0.5);
          }));
        } else if (frame <= p.pickFrame) { // standing there; its collector walks up to it
          items.add(new Item(cd, () -> {
            castShadow(r, p.footprint);
            Solid.draw(r, p.faces);
          }));
          if (frame < p.placeFrame + walkFrames) {
            double k = (frame - p.placeFrame) / (double) walkFrames;
            double x = cx + ((p.delivery ? p.fromX : p.backX) - cx) * k;
            double d = cd + 0.45 + ((p.delivery ? p.fromD : p.backD) - cd - 0.45) * k;
            items.add(new Item(d, () -> person(r, x, d, p.carrier, frame * 0.5)));
          } else if (frame > p.pickFrame - walkFrames) {
            double k = (p.pickFrame - frame) / (double) walkFrames;
            double x = cx + (p.backX - cx) * k, d = cd + 0.45 + (p.backD - cd - 0.45) * k;
            items.add(new Item(d, () -> person(r, x, d, p.collector, frame * 0.5)));
          }
        } else { // carried away
          double k = (frame - p.pickFrame) / (double) walkFrames;
          double x = cx + (p.backX - cx) * k, d = cd + (p.backD - cd) * k;
          Solid moved = p.solid.moved(x - cx, d - cd);
          items.add(new Item(d, () -> {
            Solid.draw(r, moved.faces(view));
            person(r, x - 0.3, d + 0.35, p.collector, frame * 0.5);
          }));
        }
      }
      for (Chat c : chats) {
        int arrive = c.arriveFrame - walkFrames, gone = c.leaveFrame + walkFrames;
        if (frame < arrive || frame > gone) {
          continue;
        }
        for (int i = 0; i < c.people.length; i++) {
          double[] spot = c.spots[i];
          double x, d, phase;
          if (frame < c.arriveFrame) {
            double k = (frame - arrive) / (double) walkFrames;
            x = c.fromX + (spot[0] - c.fromX) * k;
            d = spot[1];
            phase = frame * 0.5 + i;
          } else if (frame <= c.leaveFrame) {
            x = spot[0] + 0.04 * Math.sin(t * 0.9 + i * 2.1);
            d = spot[1] + 0.03 * Math.sin(t * 0.6 + i);
            phase = 0.15 * Math.sin(t * 1.3 + i);
          } else {
            double k = (frame - c.leaveFrame) / (double) walkFrames;
            x = spot[0] + (c.fromX - spot[0]) * k;
            d = spot[1];
            phase = frame * 0.5 + i;
          }
          Looks looks = c.people[i];
          items.add(new Item(d, () -> person(r, x, d, looks, phase)));
        }
      }
      for (Walker w : walkers) {
        if (frame >= w.startFrame && frame <= w.endFrame) {
          double tw = time(frame - w.startFrame);
          double x = w.x0 + w.vx * tw, d = w.d0 + w.vd * tw;
          double phase = tw * 2 * Math.PI * 0.9;
          items.add(new Item(d, () -> person(r, x, d, w.looks, phase)));
        }
      }
      for (Bicycle b : bicycles) {
        if (frame >= b.startFrame && frame <= b.endFrame) {
          items.add(new Item(b.d, () -> drawBicycle(r, b)));
          if (frame < b.startFrame + 3 * FPS || frame > b.endFrame - 3 * FPS) {
            items.add(new Item(b.d + 0.5, () -> person(r, b.x + 0.2, b.d + 0.5, b.rider, Double.NaN)));
          }
        }
      }
      for (Vehicle v : vehicles) {
        if (frame >= v.startFrame && frame <= v.endFrame) {
          double x = v.x0 + v.v * time(frame - v.startFrame);
          items.add(new Item(v.d + 1.8, () -> drawVehicle(r, v, x)));
        }
      }
      items.sort(Comparator.comparingDouble(Item::d));
      for (Item item : items) {
        item.draw().run();
      }
      for (Shadow s : shadows) {
        if (frame >= s.startFrame && frame <= s.endFrame) {
          double x = s.x0 + s.speed * time(frame - s.startFrame);
          r.shadePolygon(new double[] {x, x + s.width, x + s.width + s.slant, x + s.slant},
              new double[] {0, 0, height, height}, 4, s.factor);
        }
      }
      double gain = 1 + driftA * Math.sin(2 * Math.PI * t / driftT + driftP);
      for (LightChange l : lightChanges) {
        if (frame >= l.startFrame && frame <= l.endFrame) {
          double tl = time(frame - l.startFrame);
          double k = tl < l.attack ? smoothstep(0, l.attack, tl)
              : tl < l.attack + l.hold ? 1 : 1 - smoothstep(l.attack + l.hold, l.attack + l.hold + l.release, tl);
          gain *= 1 + (l.target - 1) * k;
        }
      }
      r.gain(gain);
      r.noise(sigma);
    }

    private void drawBicycle(Raster r, Bicycle b) {
      double[] rear = view.project(b.x - 0.55, b.d, 0.34), front = view.project(b.x + 0.55, b.d, 0.34);
      double[] seat = view.project(b.x - 0.2, b.d, 0.95), bar = view.project(b.x + 0.45, b.d, 1.05);
      double[] crank = view.project(b.x, b.d, 0.3);
      double rx = Math.abs(view.u(b.x - 0.55 + 0.34, b.d, 0.34) - rear[0]);
      double ry = Math.abs(view.v(b.x - 0.55, b.d, 0.68) - rear[1]);
      double th = Math.max(1, ry / 10);
      Figures.ring(r, rear[0], rear[1], Math.max(1, rx), ry, th, 0x1A1A1A);
      Figures.ring(r, front[0], front[1], Math.max(1, rx), ry, th, 0x1A1A1A);
      r.line(rear[0], rear[1], crank[0], crank[1], th, b.colour, 1);
      r.line(crank[0], crank[1], seat[0], seat[1], th, b.colour, 1);
      r.line(seat[0], seat[1], bar[0], bar[1], th, b.colour, 1);
      r.line(crank[0], crank[1], bar[0], bar[1], th, b.colour, 1);
      r.line(bar[0], bar[1], front[0], front[1], th, b.colour, 1);
      r.line(seat[0] - th * 2, seat[1], seat[0] + th * 2, seat[1], th * 1.5, 0x202020, 1);
    }

    private void drawVehicle(Raster r, Vehicle v, double x) {
      double l = v.length;
      List<Solid.Box> boxes = List.of(
          new Solid.Box(x - l / 2 + 0.3, x + l / 2 - 0.3, v.d + 0.1, v.d + 1.7, 0, 0.35, 0x18181A),
          new Solid.Box(x - l / 2, x + l / 2, v.d, v.d + 1.8, 0.3, 0.95, v.colour),
          new Solid.Box(x - l / 2 + 0.9, x + l / 2 - 1.1, v.d + 0.12, v.d + 1.68, 0.95, 1.42, 0x30363C));
      Solid.draw(r, new Solid(boxes).faces(view));
    }
  }
}
