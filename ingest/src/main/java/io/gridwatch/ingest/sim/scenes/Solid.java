package io.gridwatch.ingest.sim.scenes;

import java.util.ArrayList;
import java.util.List;

/**
 * Things made of axis-aligned boxes standing in a 3D street (x along the street, d distance out
 * from the building line towards the camera, z up, metres), drawn through a {@link PinholeCamera}
 * as their visible faces with simple shading. Precomputed face polygons make a standing thing
 * cheap to draw every frame.
 */
final class Solid {

  /** One box: x0..x1, d0..d1 (d1 nearer the camera), z0..z1. */
  record Box(double x0, double x1, double d0, double d1, double z0, double z1, int colour) {

    Box moved(double dx, double dd) {
      return new Box(x0 + dx, x1 + dx, d0 + dd, d1 + dd, z0, z1, colour);
    }

    Box scaled(double cx, double cd, double f) {
      return new Box(cx + (x0 - cx) * f, cx + (x1 - cx) * f, cd + (d0 - cd) * f, cd + (d1 - cd) * f, z0 * f, z1 * f,
          colour);
    }
  }

  /** A filled image polygon. */
  record Face(double[] xs, double[] ys, int colour) {}

  private final List<Box> boxes;

  Solid(List<Box> boxes) {
    this.boxes = List.copyOf(boxes);
  }

  List<Box> boxes() {
    return boxes;
  }

  Solid moved(double dx, double dd) {
    List<Box> moved = new ArrayList<>(boxes.size());
    for (Box b : boxes) {
      moved.add(b.moved(dx, dd));
    }
    return new Solid(moved);
  }

  /** Scaled about its footprint's centre. */
  Solid scaled(double f) {
    double[] fp = footprint();
    double cx = (fp[0] + fp[1]) / 2, cd = (fp[2] + fp[3]) / 2;
    List<Box> scaled = new ArrayList<>(boxes.size());
    for (Box b : boxes) {
      scaled.add(b.scaled(cx, cd, f));
    }
    return new Solid(scaled);
  }

  /** {x0, x1, d0, d1} around all boxes. */
  double[] footprint() {
    double[] fp = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
    for (Box b : boxes) {
      fp[0] = Math.min(fp[0], b.x0());
      fp[1] = Math.max(fp[1], b.x1());
      fp[2] = Math.min(fp[2], b.d0());
      fp[3] = Math.max(fp[3], b.d1());
    }
    return fp;
  }

  /**
   * The visible faces, far boxes first: for each box the face towards the camera (d = d1), the
   * side facing the camera and the top when the camera is above it.
   */
  List<Face> faces(StreetView view) {
    List<Box> order = new ArrayList<>(boxes);
    // painter's order: lower boxes first (things stand on them), then far ones (small d) first
    order.sort((a, b) -> a.z0() != b.z0() ? Double.compare(a.z0(), b.z0()) : Double.compare(a.d1(), b.d1()));
    List<Face> faces = new ArrayList<>(order.size() * 3);
    double[] eye = view.eye();
    for (Box b : order) {
      if (eye[0] < b.x0()) {
        faces.add(view.quad(b.x0(), b.d0(), b.z0(), b.x0(), b.d1(), b.z0(), b.x0(), b.d1(), b.z1(), b.x0(), b.d0(), b.z1(),
            Raster.shade(b.colour(), 0.78)));
      } else if (eye[0] > b.x1()) {
        faces.add(view.quad(b.x1(), b.d0(), b.z0(), b.x1(), b.d1(), b.z0(), b.x1(), b.d1(), b.z1(), b.x1(), b.d0(), b.z1(),
            Raster.shade(b.colour(), 0.78)));
      }
      faces.add(view.quad(b.x0(), b.d1(), b.z0(), b.x1(), b.d1(), b.z0(), b.x1(), b.d1(), b.z1(), b.x0(), b.d1(), b.z1(),
          b.colour()));
      if (eye[2] > b.z1()) {
        faces.add(view.quad(b.x0(), b.d0(), b.z1(), b.x1(), b.d0(), b.z1(), b.x1(), b.d1(), b.z1(), b.x0(), b.d1(), b.z1(),
            Raster.shade(b.colour(), 1.12)));
      }
    }
    return faces;
  }

  static void draw(Raster r, List<Face> faces) {
    for (Face f : faces) {
      r.fillPolygon(f.xs(), f.ys(), f.xs().length, f.colour(), 1);
    }
  }

  /** The street camera with world coordinates (x, d, z). */
  static final class StreetView {
    private final PinholeCamera camera;
    private final double[] eye;
    private final double[] tmp = new double[3];

    StreetView(PinholeCamera camera) {
      this.camera = camera;
      double[] e = camera.eye();
      this.eye = new double[] {e[0], -e[1], e[2]};
    }

    /** Camera position as (x, d, z). */
    double[] eye() {
      return eye;
    }

    PinholeCamera camera() {
      return camera;
    }

    /** Pixel x, y and depth of (x, d, z); a new array. */
    double[] project(double x, double d, double z) {
      return camera.project(x, -d, z, new double[3]);
    }

    double u(double x, double d, double z) {
      return camera.project(x, -d, z, tmp)[0];
    }

    double v(double x, double d, double z) {
      return camera.project(x, -d, z, tmp)[1];
    }

    Face quad(double x0, double d0, double z0, double x1, double d1, double z1, double x2, double d2, double z2,
        double x3, double d3, double z3, int colour) {
      double[] a = project(x0, d0, z0), b = project(x1, d1, z1), c = project(x2, d2, z2), e = project(x3, d3, z3);
      return new Face(new double[] {a[0], b[0], c[0], e[0]}, new double[] {a[1], b[1], c[1], e[1]}, colour);
    }

    /** A ground quad (z = 0) from x0..x1, d0..d1. */
    Face ground(double x0, double x1, double d0, double d1, int colour) {
      return quad(x0, d0, 0, x1, d0, 0, x1, d1, 0, x0, d1, 0, colour);
    }
  }
}
