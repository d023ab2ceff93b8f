;; Peek's hand-written WebAssembly SIMD kernels: the parts of a traced
;; forward pass that tfjs's wasm backend runs slowly, or runs in many
;; small ops. tfjs (XNNPACK) still does every dense product with a
;; weight matrix; src/simd-forward.ts strings the two together, and
;; src/simd-kernels.ts owns this module's memory.
;; scripts/build-wasm.mjs compiles this file into src/simd-wasm.ts.
;;
;; - attend: causal self-attention of every head in one call. Built from
;;   tfjs ops it costs, per head, two products at an inner size of 32
;;   (where XNNPACK runs at about half speed), a mask add, a softmax,
;;   slices and a concat: about 0.8 ms a layer at T = 128. Here the
;;   scores above the diagonal are never computed: about 0.27 ms.
;; - norm_rows, residual_norm: LayerNorm without gain and bias (those
;;   are folded into the next product), and the residual add before it.
;;   Six tfjs ops each, one pass here.
;; - sparse_down: the MLP's second product. After the ReLU about 90% of
;;   the hidden activations are exactly 0 on this model, so summing
;;   only the rows of w2 that a nonzero activation selects does about a
;;   tenth of the dense product's multiply-adds, with the same result
;;   up to float32 rounding.
;;
;; Everything is float32, row-major; addresses are in bytes.

(module
  (memory (export "memory") 16)

  ;; e^x lane by lane for x <= 0, within 1 ulp of Math.exp (checked at
  ;; 2 million points of [-87, 0]): x = n ln2 + r with |r| <= ln2 / 2,
  ;; e^r by Cephes' degree-6 polynomial, 2^n built in the exponent
  ;; bits. Below -87.3 the result is about 1e-38, not 0.
  (func $exp (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $e v128)
    (local.set $x
      (f32x4.max (local.get $x) (f32x4.splat (f32.const -87.33654))))
    (local.set $n (f32x4.nearest
      (f32x4.mul (local.get $x) (f32x4.splat (f32.const 1.44269504)))))
    ;; r = x - n ln2, with ln2 split in two so that n ln2 is exact.
    (local.set $r (f32x4.sub (local.get $x)
      (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693359375)))))
    (local.set $r (f32x4.sub (local.get $r)
      (f32x4.mul (local.get $n) (f32x4.splat (f32.const -2.12194440e-4)))))
    (local.set $e (f32x4.splat (f32.const 1.9875691500e-4)))
    (local.set $e (f32x4.add (f32x4.mul (local.get $e) (local.get $r))
      (f32x4.splat (f32.const 1.3981999507e-3))))
    (local.set $e (f32x4.add (f32x4.mul (local.get $e) (local.get $r))
      (f32x4.splat (f32.const 8.3334519073e-3))))
    (local.set $e (f32x4.add (f32x4.mul (local.get $e) (local.get $r))
      (f32x4.splat (f32.const 4.1665795894e-2))))
    (local.set $e (f32x4.add (f32x4.mul (local.get $e) (local.get $r))
      (f32x4.splat (f32.const 1.6666665459e-1))))
    (local.set $e (f32x4.add (f32x4.mul (local.get $e) (local.get $r))
      (f32x4.splat (f32.const 5.0000001201e-1))))
    ;; e^r = 1 + r + r^2 e
    (local.set $e (f32x4.add
      (f32x4.add
        (f32x4.mul (f32x4.mul (local.get $e) (local.get $r)) (local.get $r))
        (local.get $r))
      (f32x4.splat (f32.const 1))))
    (f32x4.mul (local.get $e)
      (i32x4.shl
        (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n))
          (i32x4.splat (i32.const 127)))
        (i32.const 23))))

  ;; Causal self-attention over T positions, H heads of D = C / H.
  ;;   q, k, v  rows of S floats; head h of row t at columns hD..hD+D-1.
  ;;            q is read for ceil(T / 4) * 4 rows: pad with zero rows.
  ;;            q comes scaled by 1 / sqrt(D) (src/folded-weights.ts).
  ;;   p        out: [H, T, T] attention weights, 0 above the diagonal;
  ;;            up to 12 bytes past the end may be written.
  ;;   y        out: [T, C], the heads' outputs side by side.
  ;;   kt       scratch: [D, ceil(T / 8) * 8], one head's keys transposed.
  ;;   s        scratch: [4, ceil(T / 8) * 8], four rows of scores.
  ;; D must be a multiple of 16.
  (func (export "attend")
    (param $T i32) (param $C i32) (param $H i32) (param $S i32)
    (param $q i32) (param $k i32) (param $v i32)
    (param $p i32) (param $y i32) (param $kt i32) (param $s i32)
    (local $D i32) (local $Tp i32) (local $h i32) (local $hD i32)
    (local $d i32) (local $j i32) (local $i0 i32) (local $j0 i32)
    (local $jend i32) (local $r i32) (local $i i32) (local $n i32)
    (local $nc i32) (local $row i32) (local $prow i32) (local $qa i32)
    (local $ka i32) (local $vb i32) (local $dc i32) (local $rowBytes i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $k0 v128) (local $k1 v128) (local $qs v128) (local $pj v128)
    (local $m v128) (local $x v128) (local $mask v128) (local $jv v128)
    (local $lim v128) (local $inv v128) (local $mx f32) (local $sum f32)
    (local.set $D (i32.div_u (local.get $C) (local.get $H)))
    (local.set $Tp
      (i32.and (i32.add (local.get $T) (i32.const 7)) (i32.const -8)))
    (local.set $rowBytes (i32.shl (local.get $S) (i32.const 2)))
    (local.set $h (i32.const 0))
    (block $heads_done (loop $heads
      (br_if $heads_done (i32.ge_u (local.get $h) (local.get $H)))
      (local.set $hD (i32.mul (local.get $h) (local.get $D)))

      ;; kt[d, j] = k[j, hD + d], zero for T <= j < Tp.
      (local.set $d (i32.const 0))
      (block $kt_done (loop $kt_rows
        (br_if $kt_done (i32.ge_u (local.get $d) (local.get $D)))
        (local.set $j (i32.const 0))
        (block $kt_row_done (loop $kt_row
          (br_if $kt_row_done (i32.ge_u (local.get $j) (local.get $Tp)))
          (f32.store
            (i32.add (local.get $kt) (i32.shl
              (i32.add (i32.mul (local.get $d) (local.get $Tp)) (local.get $j))
              (i32.const 2)))
            (if (result f32) (i32.lt_u (local.get $j) (local.get $T))
              (then (f32.load (i32.add (local.get $k) (i32.shl
                (i32.add (i32.mul (local.get $j) (local.get $S))
                  (i32.add (local.get $hD) (local.get $d)))
                (i32.const 2)))))
              (else (f32.const 0))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $kt_row)))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $kt_rows)))

      ;; Queries four rows at a time: rows i0..i0+3 see keys 0..i0+3.
      (local.set $i0 (i32.const 0))
      (block $blocks_done (loop $blocks
        (br_if $blocks_done (i32.ge_u (local.get $i0) (local.get $T)))
        (local.set $jend
          (i32.and (i32.add (local.get $i0) (i32.const 11)) (i32.const -8)))
        (if (i32.gt_u (local.get $jend) (local.get $Tp))
          (then (local.set $jend (local.get $Tp))))

        ;; s[r, j0..j0+7] = q[i0 + r] . k[j0..j0+7]: a 4 x 8 tile in
        ;; eight accumulators, one rank-1 update per d.
        (local.set $j0 (i32.const 0))
        (block $tiles_done (loop $tiles
          (br_if $tiles_done (i32.ge_u (local.get $j0) (local.get $jend)))
          (local.set $a0 (v128.const i32x4 0 0 0 0))
          (local.set $a1 (v128.const i32x4 0 0 0 0))
          (local.set $a2 (v128.const i32x4 0 0 0 0))
          (local.set $a3 (v128.const i32x4 0 0 0 0))
          (local.set $a4 (v128.const i32x4 0 0 0 0))
          (local.set $a5 (v128.const i32x4 0 0 0 0))
          (local.set $a6 (v128.const i32x4 0 0 0 0))
          (local.set $a7 (v128.const i32x4 0 0 0 0))
          (local.set $qa (i32.add (local.get $q) (i32.shl
            (i32.add (i32.mul (local.get $i0) (local.get $S)) (local.get $hD))
            (i32.const 2))))
          (local.set $ka
            (i32.add (local.get $kt) (i32.shl (local.get $j0) (i32.const 2))))
          (local.set $d (i32.const 0))
          (block $dot_done (loop $dot
            (br_if $dot_done (i32.ge_u (local.get $d) (local.get $D)))
            (local.set $k0 (v128.load (local.get $ka)))
            (local.set $k1 (v128.load offset=16 (local.get $ka)))
            (local.set $qs (v128.load32_splat (local.get $qa)))
            (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul (local.get $qs) (local.get $k0))))
            (local.set $a1 (f32x4.add (local.get $a1)
              (f32x4.mul (local.get $qs) (local.get $k1))))
            (local.set $qs (v128.load32_splat
              (i32.add (local.get $qa) (local.get $rowBytes))))
            (local.set $a2 (f32x4.add (local.get $a2)
              (f32x4.mul (local.get $qs) (local.get $k0))))
            (local.set $a3 (f32x4.add (local.get $a3)
              (f32x4.mul (local.get $qs) (local.get $k1))))
            (local.set $qs (v128.load32_splat (i32.add (local.get $qa)
              (i32.shl (local.get $rowBytes) (i32.const 1)))))
            (local.set $a4 (f32x4.add (local.get $a4)
              (f32x4.mul (local.get $qs) (local.get $k0))))
            (local.set $a5 (f32x4.add (local.get $a5)
              (f32x4.mul (local.get $qs) (local.get $k1))))
            (local.set $qs (v128.load32_splat (i32.add (local.get $qa)
              (i32.mul (local.get $rowBytes) (i32.const 3)))))
            (local.set $a6 (f32x4.add (local.get $a6)
              (f32x4.mul (local.get $qs) (local.get $k0))))
            (local.set $a7 (f32x4.add (local.get $a7)
              (f32x4.mul (local.get $qs) (local.get $k1))))
            (local.set $qa (i32.add (local.get $qa) (i32.const 4)))
            (local.set $ka (i32.add (local.get $ka)
              (i32.shl (local.get $Tp) (i32.const 2))))
            (local.set $d (i32.add (local.get $d) (i32.const 1)))
            (br $dot)))
          (local.set $row
            (i32.add (local.get $s) (i32.shl (local.get $j0) (i32.const 2))))
          (v128.store (local.get $row) (local.get $a0))
          (v128.store offset=16 (local.get $row) (local.get $a1))
          (local.set $row (i32.add (local.get $row)
            (i32.shl (local.get $Tp) (i32.const 2))))
          (v128.store (local.get $row) (local.get $a2))
          (v128.store offset=16 (local.get $row) (local.get $a3))
          (local.set $row (i32.add (local.get $row)
            (i32.shl (local.get $Tp) (i32.const 2))))
          (v128.store (local.get $row) (local.get $a4))
          (v128.store offset=16 (local.get $row) (local.get $a5))
          (local.set $row (i32.add (local.get $row)
            (i32.shl (local.get $Tp) (i32.const 2))))
          (v128.store (local.get $row) (local.get $a6))
          (v128.store offset=16 (local.get $row) (local.get $a7))
          (local.set $j0 (i32.add (local.get $j0) (i32.const 8)))
          (br $tiles)))

        ;; Each row of the block: softmax over keys 0..i, then its output.
        (local.set $r (i32.const 0))
        (block $rows_done (loop $rows
          (local.set $i (i32.add (local.get $i0) (local.get $r)))
          (br_if $rows_done (i32.ge_u (local.get $r) (i32.const 4)))
          (br_if $rows_done (i32.ge_u (local.get $i) (local.get $T)))
          (local.set $n (i32.add (local.get $i) (i32.const 1)))
          (local.set $nc
            (i32.and (i32.add (local.get $n) (i32.const 3)) (i32.const -4)))
          (local.set $row (i32.add (local.get $s) (i32.shl
            (i32.mul (local.get $r) (local.get $Tp)) (i32.const 2))))
          (local.set $lim (i32x4.splat (local.get $i)))

          ;; The row's maximum over keys 0..i (lanes past i masked).
          (local.set $m (f32x4.splat (f32.const -inf)))
          (local.set $jv (v128.const i32x4 0 1 2 3))
          (local.set $j (i32.const 0))
          (block $max_done (loop $max
            (br_if $max_done (i32.ge_u (local.get $j) (local.get $nc)))
            (local.set $mask (i32x4.le_s (local.get $jv) (local.get $lim)))
            (local.set $x (v128.bitselect
              (v128.load (i32.add (local.get $row)
                (i32.shl (local.get $j) (i32.const 2))))
              (f32x4.splat (f32.const -inf))
              (local.get $mask)))
            (local.set $m (f32x4.max (local.get $m) (local.get $x)))
            (local.set $jv
              (i32x4.add (local.get $jv) (i32x4.splat (i32.const 4))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $max)))
          (local.set $mx (f32.max
            (f32.max (f32x4.extract_lane 0 (local.get $m))
              (f32x4.extract_lane 1 (local.get $m)))
            (f32.max (f32x4.extract_lane 2 (local.get $m))
              (f32x4.extract_lane 3 (local.get $m)))))

          ;; e^(s - max) in place, exactly 0 past i; and their sum.
          (local.set $m (f32x4.splat (local.get $mx)))
          (local.set $x (v128.const i32x4 0 0 0 0))
          (local.set $jv (v128.const i32x4 0 1 2 3))
          (local.set $j (i32.const 0))
          (block $exp_done (loop $exps
            (br_if $exp_done (i32.ge_u (local.get $j) (local.get $nc)))
            (local.set $mask (i32x4.le_s (local.get $jv) (local.get $lim)))
            (local.set $k0 (v128.and (local.get $mask)
              (call $exp (f32x4.sub
                (v128.load (i32.add (local.get $row)
                  (i32.shl (local.get $j) (i32.const 2))))
                (local.get $m)))))
            (v128.store
              (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))
              (local.get $k0))
            (local.set $x (f32x4.add (local.get $x) (local.get $k0)))
            (local.set $jv
              (i32x4.add (local.get $jv) (i32x4.splat (i32.const 4))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $exps)))
          (local.set $sum (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $x))
              (f32x4.extract_lane 1 (local.get $x)))
            (f32.add (f32x4.extract_lane 2 (local.get $x))
              (f32x4.extract_lane 3 (local.get $x)))))
          (local.set $inv
            (f32x4.splat (f32.div (f32.const 1) (local.get $sum))))

          ;; p[h, i, :] = e / sum, then zeros up to T. Lanes past T (at
          ;; most 3) spill into the next row, which is written later.
          (local.set $prow (i32.add (local.get $p) (i32.shl
            (i32.mul
              (i32.add (i32.mul (local.get $h) (local.get $T)) (local.get $i))
              (local.get $T))
            (i32.const 2))))
          (local.set $j (i32.const 0))
          (block $norm_done (loop $norm
            (br_if $norm_done (i32.ge_u (local.get $j) (local.get $nc)))
            (v128.store
              (i32.add (local.get $prow) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.mul
                (v128.load (i32.add (local.get $row)
                  (i32.shl (local.get $j) (i32.const 2))))
                (local.get $inv)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $norm)))
          (if (i32.lt_u (local.get $nc) (local.get $T))
            (then (memory.fill
              (i32.add (local.get $prow)
                (i32.shl (local.get $nc) (i32.const 2)))
              (i32.const 0)
              (i32.shl (i32.sub (local.get $T) (local.get $nc))
                (i32.const 2)))))

          ;; y[i, hD + dc..+15] = sum over j <= i of p[i, j] v[j, ...]
          (local.set $dc (i32.const 0))
          (block $out_done (loop $outs
            (br_if $out_done (i32.ge_u (local.get $dc) (local.get $D)))
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0))
            (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $vb (i32.add (local.get $v) (i32.shl
              (i32.add (local.get $hD) (local.get $dc)) (i32.const 2))))
            (local.set $ka (local.get $prow))
            (local.set $j (i32.const 0))
            (block $sum_done (loop $sums
              (br_if $sum_done (i32.ge_u (local.get $j) (local.get $n)))
              (local.set $pj (v128.load32_splat (local.get $ka)))
              (local.set $a0 (f32x4.add (local.get $a0)
                (f32x4.mul (local.get $pj) (v128.load (local.get $vb)))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul
                (local.get $pj) (v128.load offset=16 (local.get $vb)))))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul
                (local.get $pj) (v128.load offset=32 (local.get $vb)))))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul
                (local.get $pj) (v128.load offset=48 (local.get $vb)))))
              (local.set $ka (i32.add (local.get $ka) (i32.const 4)))
              (local.set $vb (i32.add (local.get $vb) (local.get $rowBytes)))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $sums)))
            (local.set $vb (i32.add (local.get $y) (i32.shl
              (i32.add (i32.mul (local.get $i) (local.get $C))
                (i32.add (local.get $hD) (local.get $dc)))
              (i32.const 2))))
            (v128.store (local.get $vb) (local.get $a0))
            (v128.store offset=16 (local.get $vb) (local.get $a1))
            (v128.store offset=32 (local.get $vb) (local.get $a2))
            (v128.store offset=48 (local.get $vb) (local.get $a3))
            (local.set $dc (i32.add (local.get $dc) (i32.const 16)))
            (br $outs)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $rows)))
        (local.set $i0 (i32.add (local.get $i0) (i32.const 4)))
        (br $blocks)))
      (local.set $h (i32.add (local.get $h) (i32.const 1)))
      (br $heads))))

  ;; out[t] = (x[t] - mean) / sqrt(variance + eps) for each of T rows
  ;; of C floats (C a multiple of 4). out may be x.
  (func $norm_rows (export "norm_rows")
    (param $x i32) (param $out i32) (param $T i32) (param $C i32)
    (param $eps f32)
    (local $t i32) (local $c i32) (local $row i32) (local $o i32)
    (local $acc v128) (local $d v128) (local $mean v128) (local $scale f32)
    (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $t (i32.const 0))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $t) (local.get $T)))
      (local.set $row (i32.add (local.get $x)
        (i32.mul (local.get $t) (local.get $rowBytes))))
      (local.set $o (i32.add (local.get $out)
        (i32.mul (local.get $t) (local.get $rowBytes))))
      ;; mean
      (local.set $acc (v128.const i32x4 0 0 0 0))
      (local.set $c (i32.const 0))
      (block $sum_done (loop $sum
        (br_if $sum_done (i32.ge_u (local.get $c) (local.get $rowBytes)))
        (local.set $acc (f32x4.add (local.get $acc)
          (v128.load (i32.add (local.get $row) (local.get $c)))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $sum)))
      (local.set $mean (f32x4.splat (f32.div
        (call $hsum (local.get $acc))
        (f32.convert_i32_u (local.get $C)))))
      ;; variance
      (local.set $acc (v128.const i32x4 0 0 0 0))
      (local.set $c (i32.const 0))
      (block $var_done (loop $var
        (br_if $var_done (i32.ge_u (local.get $c) (local.get $rowBytes)))
        (local.set $d (f32x4.sub
          (v128.load (i32.add (local.get $row) (local.get $c)))
          (local.get $mean)))
        (local.set $acc (f32x4.add (local.get $acc)
          (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $var)))
      (local.set $scale (f32.div (f32.const 1) (f32.sqrt (f32.add
        (f32.div (call $hsum (local.get $acc))
          (f32.convert_i32_u (local.get $C)))
        (local.get $eps)))))
      ;; scale
      (local.set $c (i32.const 0))
      (block $out_done (loop $outs
        (br_if $out_done (i32.ge_u (local.get $c) (local.get $rowBytes)))
        (v128.store (i32.add (local.get $o) (local.get $c))
          (f32x4.mul
            (f32x4.sub
              (v128.load (i32.add (local.get $row) (local.get $c)))
              (local.get $mean))
            (f32x4.splat (local.get $scale))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $outs)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $rows))))

  ;; mid = x + o, then out = norm_rows(mid): the residual add after
  ;; attention and the LayerNorm before the MLP. T rows of C floats.
  (func (export "residual_norm")
    (param $x i32) (param $o i32) (param $mid i32) (param $out i32)
    (param $T i32) (param $C i32) (param $eps f32)
    (local $i i32) (local $end i32)
    (local.set $end
      (i32.shl (i32.mul (local.get $T) (local.get $C)) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $done (loop $adds
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (v128.store (i32.add (local.get $mid) (local.get $i))
        (f32x4.add
          (v128.load (i32.add (local.get $x) (local.get $i)))
          (v128.load (i32.add (local.get $o) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $adds)))
    (call $norm_rows (local.get $mid) (local.get $out) (local.get $T)
      (local.get $C) (local.get $eps)))

  ;; out[t] = mid[t] + b + sum over m with h[t, m] != 0 of h[t, m] w[m]:
  ;; the MLP's second product [T, M] x [M, C], its bias and the residual
  ;; add, visiting only the rows of w that a nonzero activation selects.
  ;; M a multiple of 4, C of 32; idx is scratch for M int32.
  (func (export "sparse_down")
    (param $h i32) (param $w i32) (param $b i32) (param $mid i32)
    (param $out i32) (param $T i32) (param $M i32) (param $C i32)
    (param $idx i32)
    (local $t i32) (local $m i32) (local $hrow i32) (local $nnz i32)
    (local $bits i32) (local $cb i32) (local $z i32) (local $src i32)
    (local $wrow i32) (local $dst i32) (local $hv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $t (i32.const 0))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $t) (local.get $T)))
      (local.set $hrow (i32.add (local.get $h) (i32.shl
        (i32.mul (local.get $t) (local.get $M)) (i32.const 2))))
      ;; idx[0..nnz) = the columns of h[t] that are not 0.
      (local.set $nnz (i32.const 0))
      (local.set $m (i32.const 0))
      (block $scan_done (loop $scan
        (br_if $scan_done (i32.ge_u (local.get $m) (local.get $M)))
        (local.set $bits (i32x4.bitmask (f32x4.ne
          (v128.load (i32.add (local.get $hrow)
            (i32.shl (local.get $m) (i32.const 2))))
          (v128.const i32x4 0 0 0 0))))
        (block $lanes_done (loop $lanes
          (br_if $lanes_done (i32.eqz (local.get $bits)))
          (i32.store (i32.add (local.get $idx)
              (i32.shl (local.get $nnz) (i32.const 2)))
            (i32.add (local.get $m) (i32.ctz (local.get $bits))))
          (local.set $nnz (i32.add (local.get $nnz) (i32.const 1)))
          ;; clear the lowest set bit
          (local.set $bits (i32.and (local.get $bits)
            (i32.sub (local.get $bits) (i32.const 1))))
          (br $lanes)))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (br $scan)))
      ;; 32 output columns at a time, in eight accumulators.
      (local.set $cb (i32.const 0))
      (block $blocks_done (loop $blocks
        (br_if $blocks_done (i32.ge_u (local.get $cb) (local.get $C)))
        (local.set $src (i32.add (local.get $mid) (i32.shl
          (i32.add (i32.mul (local.get $t) (local.get $C)) (local.get $cb))
          (i32.const 2))))
        (local.set $wrow
          (i32.add (local.get $b) (i32.shl (local.get $cb) (i32.const 2))))
        (local.set $a0 (f32x4.add (v128.load (local.get $src))
          (v128.load (local.get $wrow))))
        (local.set $a1 (f32x4.add (v128.load offset=16 (local.get $src))
          (v128.load offset=16 (local.get $wrow))))
        (local.set $a2 (f32x4.add (v128.load offset=32 (local.get $src))
          (v128.load offset=32 (local.get $wrow))))
        (local.set $a3 (f32x4.add (v128.load offset=48 (local.get $src))
          (v128.load offset=48 (local.get $wrow))))
        (local.set $a4 (f32x4.add (v128.load offset=64 (local.get $src))
          (v128.load offset=64 (local.get $wrow))))
        (local.set $a5 (f32x4.add (v128.load offset=80 (local.get $src))
          (v128.load offset=80 (local.get $wrow))))
        (local.set $a6 (f32x4.add (v128.load offset=96 (local.get $src))
          (v128.load offset=96 (local.get $wrow))))
        (local.set $a7 (f32x4.add (v128.load offset=112 (local.get $src))
          (v128.load offset=112 (local.get $wrow))))
        (local.set $z (i32.const 0))
        (block $nz_done (loop $nzs
          (br_if $nz_done (i32.ge_u (local.get $z) (local.get $nnz)))
          (local.set $m (i32.load (i32.add (local.get $idx)
            (i32.shl (local.get $z) (i32.const 2)))))
          (local.set $hv (v128.load32_splat (i32.add (local.get $hrow)
            (i32.shl (local.get $m) (i32.const 2)))))
          (local.set $wrow (i32.add (local.get $w) (i32.shl
            (i32.add (i32.mul (local.get $m) (local.get $C)) (local.get $cb))
            (i32.const 2))))
          (local.set $a0 (f32x4.add (local.get $a0)
            (f32x4.mul (local.get $hv) (v128.load (local.get $wrow)))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul
            (local.get $hv) (v128.load offset=16 (local.get $wrow)))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul
            (local.get $hv) (v128.load offset=32 (local.get $wrow)))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul
            (local.get $hv) (v128.load offset=48 (local.get $wrow)))))
          (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul
            (local.get $hv) (v128.load offset=64 (local.get $wrow)))))
          (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul
            (local.get $hv) (v128.load offset=80 (local.get $wrow)))))
          (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul
            (local.get $hv) (v128.load offset=96 (local.get $wrow)))))
          (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul
            (local.get $hv) (v128.load offset=112 (local.get $wrow)))))
          (local.set $z (i32.add (local.get $z) (i32.const 1)))
          (br $nzs)))
        (local.set $dst (i32.add (local.get $out) (i32.shl
          (i32.add (i32.mul (local.get $t) (local.get $C)) (local.get $cb))
          (i32.const 2))))
        (v128.store (local.get $dst) (local.get $a0))
        (v128.store offset=16 (local.get $dst) (local.get $a1))
        (v128.store offset=32 (local.get $dst) (local.get $a2))
        (v128.store offset=48 (local.get $dst) (local.get $a3))
        (v128.store offset=64 (local.get $dst) (local.get $a4))
        (v128.store offset=80 (local.get $dst) (local.get $a5))
        (v128.store offset=96 (local.get $dst) (local.get $a6))
        (v128.store offset=112 (local.get $dst) (local.get $a7))
        (local.set $cb (i32.add (local.get $cb) (i32.const 32)))
        (br $blocks)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $rows))))

  ;; The sum of a vector's four lanes.
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v))
        (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v))
        (f32x4.extract_lane 3 (local.get $v)))))
)
