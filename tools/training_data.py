"""Make the folder the shipped default weights were trained on (see 08_evaluate, "Default weights" and "Wider training data").

v2_tiny was trained on all of it; v1_tiny on it as it was before the wallpapers (without their packages installed).

    python tools/training_data.py [--clips ../shared/data/clips] [--wallpapers /usr/share/backgrounds] [-o runs/training_data]

It holds folders of PNG frames (`ar-train --data` reads them like videos, and faster than seeking
in H.264):
- camera pans, zooms and rotations over each photo of `artifacts.PHOTOS` (skimage.data), 256x256,
  48 frames each, seeds 0 and 1;
- when the real clips are there, the frames of the TRAIN_CLIPS among them, scaled so the short side
  is at most 360 px;
- when Debian's wallpaper packages are installed, a camera pan over each of the 27 photographs among
  their pictures (WALLPAPERS; their drawings and renders are left out), 256x256, 48 frames, seed 0:
      apt-get install mate-backgrounds lomiri-wallpapers-16.04 lomiri-wallpapers-20.04

The other clips (bike, skating, schoolgirls) are held out for `ar-eval`; the subtitles clip is left
out because its "clean" frames carry burned-in subtitles.
"""
import argparse
from pathlib import Path

import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from artifact_removal.artifacts import PHOTOS, motion_clip, sample_photo
from artifact_removal.media import read_image, read_video, write_image

TRAIN_CLIPS = ('parkour_vfr_640x360.mp4', 'city_letterbox_576x324.mp4', 'running_car_972x540.mp4')
WALLPAPERS = (  # the photographs among the pictures of those packages, relative to /usr/share/backgrounds
    'Bridge_by_Sander_Klootwijk.jpg', 'Dragonfly_by_Bolly.jpg', 'Kleiber_by_Lukas_Baubkus.jpg', 'Picture_0B_by_freespace.jpg',
    'Picture_1A_by_freespace.jpg', 'Wine_by_Jakkub_Mede.jpg', 'aitzgorri_by_Aitzol_Berasategi.jpg',
    'analogpattern_by_Peter_Nerlich.jpg', 'free_by_Peter_Nerlich.jpg', 'friends_by_Aitzol_Berasategi.jpg',
    'greentock_by_Peter_Nerlich.jpg', 'life_by_Aitzol_Berasategi.jpg', 'picosdeeuropa_by_Aitzol_Berasategi.jpg',
    'seeding_by_Clements_Engelhardt.jpg', 'sunset_by_Aitzol_Berasategi.jpg',
    *(f'mate/nature/{n}.jpg' for n in ('Aqua', 'Blinds', 'Dune', 'FreshFlower', 'Garden', 'GreenMeadow', 'LadyBird',
                                       'RainDrops', 'Storm', 'TwoWings', 'Wood', 'YellowFlower')))
HELD_OUT = ('bike_432x240.mp4', 'skating_vfr_640x360.mp4', 'schoolgirls_432x240.mp4')

def write_frames(clip: torch.Tensor, folder: Path):
    "Write a float clip (T, 3, H, W) as numbered PNG frames."
    folder.mkdir(parents=True, exist_ok=True)
    for t, f in enumerate(clip): write_image(folder / f'{t:05d}.png', f, overwrite=True)

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--clips', default=str(Path(__file__).resolve().parents[1].parent / 'shared' / 'data' / 'clips'))
    p.add_argument('--wallpapers', default='/usr/share/backgrounds')
    p.add_argument('-o', '--out', default='runs/training_data')
    a = p.parse_args()
    out = Path(a.out)
    for name in tqdm(PHOTOS, desc='photo pans'):
        for seed in (0, 1):
            clip, _ = motion_clip(sample_photo(name), n_frames=48, size=(256, 256), seed=seed)
            write_frames(clip, out / f'photo_{name}_{seed}')
    clips = Path(a.clips)
    for name in tqdm(TRAIN_CLIPS, desc='real clips'):
        if not (clips / name).exists(): print(f"{clips / name}: absent, skipped"); continue
        clip, _ = read_video(clips / name)
        H, W = clip.shape[-2:]
        s = min(1.0, 360 / min(H, W))
        if s < 1: clip = F.interpolate(clip, size=(round(H * s / 2) * 2, round(W * s / 2) * 2), mode='area')
        write_frames(clip.clamp(0, 1), out / Path(name).stem)
    walls = [Path(a.wallpapers) / n for n in WALLPAPERS]
    for path in tqdm(walls, desc='wallpaper pans'):
        if not path.exists(): print(f"{path}: absent, skipped"); continue
        clip, _ = motion_clip(read_image(path), n_frames=48, size=(256, 256), seed=0)
        write_frames(clip, out / f'wall_{path.stem}')
    print(f"{out}: {sum(1 for _ in out.iterdir())} frame folders; held out for evaluation: {', '.join(HELD_OUT)}")

if __name__ == '__main__': main()
