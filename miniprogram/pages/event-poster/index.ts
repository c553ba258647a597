/**
 * 活动海报 (`?id=`): the event and the caller's own mini-program code (`posterCode`: a scan opens the event
 * with the caller as inviter), to show on screen, print or save: 保存到相册 draws it on a 2D canvas
 * (draw.ts) and saves the picture.
 */
import { pageBehavior } from '../../behaviors/page';
import { eventsApi } from '../../services/events';
import { EVENT_TYPE_LABELS } from '../../utils/labels';
import { EVENT_TYPE_COLORS, timeRange } from '../../utils/room-events';
import { queryParam } from '../../utils/routes';
import { downloadStoredFile, fileSrc } from '../../services/storage';
import { drawPoster, saveToAlbum, type PosterText } from './draw';

type LoadState = 'loading' | 'ready' | 'error';

const ids = new WeakMap<object, string>();
/** The code's file ID in cloud storage (downloaded to draw it). */
const codes = new WeakMap<object, string>();

Component({
  behaviors: [pageBehavior],
  data: {
    state: 'loading' as LoadState,
    loadError: '',
    poster: {
      typeLabel: '',
      color: '',
      title: '',
      timeText: '',
      place: '',
    } as PosterText,
    /** The event's own picture, as stored (shown instead of the type band). */
    posterImage: '',
    /** The code as `<image>` shows it (`fileSrc`). */
    codeImage: '',
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      ids.set(this, queryParam(query, 'id'));
      void this.load();
    },

    reload() {
      void this.load();
    },

    async load() {
      const eventId = ids.get(this) ?? '';
      this.setData({ state: 'loading' });
      const [detail, code] = await Promise.all([eventsApi.detail(eventId), eventsApi.posterCode(eventId)]);
      if (!detail.ok || !code.ok) {
        const error = !detail.ok ? detail.error : !code.ok ? code.error : null;
        this.setData({ state: 'error', loadError: error ? error.message : '' });
        return;
      }
      const { event } = detail.data;
      codes.set(this, code.data.fileID);
      this.setData({
        state: 'ready',
        posterImage: event.poster,
        codeImage: fileSrc(code.data.fileID),
        poster: {
          typeLabel: EVENT_TYPE_LABELS[event.type],
          color: EVENT_TYPE_COLORS[event.type],
          title: event.title,
          timeText: timeRange(event.startAt, event.endAt),
          place: event.place || (event.onlineUrl ? '线上活动' : ''),
        },
      });
    },

    /** Draws the poster and saves it to the album. */
    save() {
      if (this.data.saving) return;
      this.setData({ saving: true });
      wx.createSelectorQuery()
        .in(this)
        .select('#poster-canvas')
        .fields({ node: true, size: true })
        .exec(async (res: { node?: WechatMiniprogram.Canvas }[]) => {
          try {
            const canvas = res[0]?.node;
            if (!canvas) throw new Error('no canvas');
            const [code, picture] = await Promise.all([
              downloadStoredFile(codes.get(this) ?? ''),
              this.data.posterImage ? downloadStoredFile(this.data.posterImage) : null,
            ]);
            if (!code.ok) throw new Error(code.error.message);
            if (picture && !picture.ok) throw new Error(picture.error.message);
            const images = { code: code.data, ...(picture ? { picture: picture.data } : {}) };
            await saveToAlbum(await drawPoster(canvas, this.data.poster, images));
          } catch (error) {
            console.warn('poster not drawn', error);
            wx.showToast({ title: '海报没有生成成功，可以截屏保存', icon: 'none' });
          }
          this.setData({ saving: false });
        });
    },
  },
});
